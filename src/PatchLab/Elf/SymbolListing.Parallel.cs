namespace PatchLab.Elf;

public static partial class SymbolListing
{
    /// <summary>A listing this long (a vmlinux: 76 chunks) is formatted on every core.</summary>
    private const int ParallelChunks = 8;

    /// <summary>
    /// Chunks formatted by whichever thread is free, and written in order. Taking chunks rather than halves keeps
    /// it as fast as one thread when the machine is busy and the helper gets no core.
    /// </summary>
    private sealed class ChunkWork(ElfFile file, Stream output)
        : InOrderWork<Chunk, OutputBuffer, byte[]?[]?[]>(helpersAt: ParallelChunks, window: 4)
    {
        protected override OutputBuffer NewText() => new();

        protected override byte[]?[]?[] NewWorker() => NewMiddleColumns();

        protected override void Make(byte[]?[]?[] worker, Chunk piece, OutputBuffer text) => Format(file, piece, worker, text);

        protected override void Write(OutputBuffer text) => text.WriteTo(output);
    }
}
