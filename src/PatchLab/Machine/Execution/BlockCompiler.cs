using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace PatchLab.Machine.Execution;

/// <summary>
/// Compiles blocks on a background thread while the CPUs go on interpreting, and keeps them by address so that a
/// line fetched again (after a context synchronisation) finds its blocks at once. A block does exactly what
/// interpreting its instructions does, so when it becomes available changes nothing but speed: runs stay
/// deterministic.
/// </summary>
internal static class BlockCompiler
{
    private static readonly ConcurrentDictionary<(ulong Address, bool CheckCmodx), CompiledBlock> Compiled = new();
    private static readonly BlockingCollection<(FetchedLine Line, int Index, Semantic[] Semantics, bool CheckCmodx)> Requests = [];
    private static readonly Lazy<Thread> Worker = new(StartWorker);

    /// <summary>
    /// The block compiled from the words <paramref name="line"/> holds from <paramref name="index"/> on, if there is
    /// one; otherwise null, and if <paramref name="compile"/>, the block is compiled in the background and put in the
    /// line's <see cref="FetchedLine.Blocks"/>.
    /// </summary>
    public static CompiledBlock? Find(FetchedLine line, int index, bool checkCmodx, bool compile)
    {
        if (Compiled.TryGetValue((line.Address + (ulong)index * 4, checkCmodx), out var block) && block.Matches(line, index)) return block;
        if (!compile) return null;
        _ = Worker.Value;
        // Decoded here, on the CPU's thread: the compiler's thread only emits and compiles.
        var semantics = line.Words[index..].Select(AArch64Machine.DecodeSemantic).ToArray();
        Requests.Add((line, index, semantics, checkCmodx));
        return null;
    }

    private static Thread StartWorker()
    {
        var thread = new Thread(Work) { IsBackground = true, Name = "PatchLab block compiler" };
        thread.Start();
        return thread;
    }

    private static void Work()
    {
        foreach (var (line, index, semantics, checkCmodx) in Requests.GetConsumingEnumerable())
        {
            var key = (line.Address + (ulong)index * 4, checkCmodx);
            if (!Compiled.TryGetValue(key, out var block) || !block.Matches(line, index))
            {
                block = CompiledBlock.Compile(line, index, semantics, checkCmodx);
                if (block is null) continue;
                RuntimeHelpers.PrepareDelegate(block.Run);   // the host JIT's work, here rather than on the CPU's thread
                Compiled[key] = block;
            }
            Volatile.Write(ref line.Blocks[index], block);
        }
    }
}
