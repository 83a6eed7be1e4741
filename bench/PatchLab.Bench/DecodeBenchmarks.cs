using BenchmarkDotNet.Attributes;
using PatchLab.Arm64;

namespace PatchLab.Bench;

/// <summary>Decoding alone (word → encoding) and decoding plus objdump-style printing, over seeded random words.</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private const int Seed = 20261124;
    private uint[] _words = [];
    private readonly Disassembler _disassembler = new();
    private readonly System.Text.StringBuilder _text = new();

    [Params(1 << 20)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Seed);
        _words = new uint[Count];
        for (var i = 0; i < _words.Length; i++) _words[i] = (uint)random.NextInt64(0, 1L << 32);
        _ = Decoder.FindEncoding(0);
    }

    [Benchmark(OperationsPerInvoke = 1 << 20)]
    public int Decode()
    {
        var allocated = 0;
        foreach (var w in _words)
            if (Decoder.FindEncoding(w) is not null) allocated++;
        return allocated;
    }

    [Benchmark(OperationsPerInvoke = 1 << 20)]
    public int Print()
    {
        var length = 0;
        foreach (var w in _words)
        {
            _text.Clear();
            _disassembler.Append(_text, w, 0x400000);
            length += _text.Length;
        }
        return length;
    }
}
