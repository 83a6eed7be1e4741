using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

/// <summary>
/// Assembles GNU as source for AArch64 into a relocatable object with the sections, relocations and symbols GNU as
/// (aarch64-linux-gnu-as) would produce. Errors are <see cref="UserInputException"/>s worded like GNU as's:
/// <c>file:line: Error: message</c>.
/// </summary>
/// <remarks>
/// The object holds, as GNU as writes them: sections in the order they were first named (.text, .data and .bss
/// always; .eh_frame last when CFI is used); one STT_SECTION symbol per section, with an empty name; the
/// <c>$x</c>/<c>$d</c> mapping symbols; local symbols before global and weak ones. A relocation against a local
/// label names its section's symbol with the offset in the addend; one GNU as makes against a constant (ADRP or
/// a lo12 field of a constant) has no symbol.
/// </remarks>
public static class SourceAssembler
{
    public static RelocatableObject AssembleFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{path}: Error: can't open {path} for reading: {e.Message}", e);
        }
        return Assemble(text, path);
    }

    /// <param name="source">The source text.</param>
    /// <param name="fileName">Names the source in error messages; <c>.include</c> paths are relative to its folder.</param>
    public static RelocatableObject Assemble(string source, string fileName) => new AssemblyRun(fileName).Run(source);
}

/// <summary>An error at a source location, reported as GNU as does.</summary>
internal sealed class AssemblyException(SourceLocation location, string message)
    : UserInputException($"{location}: Error: {message}");
