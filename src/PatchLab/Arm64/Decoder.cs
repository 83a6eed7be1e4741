using System.Runtime.CompilerServices;

namespace PatchLab.Arm64;

/// <summary>A decoded A64 instruction: the word and its base encoding (null when the word is unallocated).</summary>
public readonly record struct Instruction(uint Word, Encoding? Encoding)
{
    public bool IsAllocated => Encoding is not null;

    public uint Field(string name) => Encoding!.Pattern[name].Extract(Word);
}

/// <summary>Finds the base encoding of an instruction word.</summary>
public static class Decoder
{
    public static Instruction Decode(uint word) => new(word, EncodingTable.Tree.Find(word));

    // Compiled by the JIT at full optimisation at first use, not ahead of time: the precompiled (ReadyToRun) code
    // walks the generic tree through shared code and is replaced only after a delay, too late for short runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Encoding? FindEncoding(uint word) => EncodingTable.Tree.Find(word);
}
