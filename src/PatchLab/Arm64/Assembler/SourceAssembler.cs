using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

/// <summary>
/// Assembles GNU as source for AArch64 into a relocatable object with the sections, relocations and symbols GNU as
/// (aarch64-linux-gnu-as) would produce. Errors are <see cref="UserInputException"/>s worded like GNU as's:
/// <c>file:line: Error: message</c>.
/// </summary>
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
