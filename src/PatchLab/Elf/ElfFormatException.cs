namespace PatchLab.Elf;

/// <summary>
/// A file is not a well-formed ELF file of a kind PatchLab reads. The message names the file, the file offset of the
/// fault and what was wrong, on one line, so the command line can print it as it is.
/// </summary>
public sealed class ElfFormatException : Exception
{
    public ElfFormatException(string file, ulong offset, string problem)
        : base($"{file}: at offset 0x{offset:x}: {problem}")
    {
        File = file;
        Offset = offset;
        Problem = problem;
    }

    public ElfFormatException() { }

    public ElfFormatException(string message) : base(message) { }

    public ElfFormatException(string message, Exception inner) : base(message, inner) { }

    public string File { get; } = "";

    public ulong Offset { get; }

    public string Problem { get; } = "";
}
