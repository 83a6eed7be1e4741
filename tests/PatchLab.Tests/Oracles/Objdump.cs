using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace PatchLab.Tests.Oracles;

/// <summary>GNU objdump as the judge of disassembly text.</summary>
internal static partial class Objdump
{
    [GeneratedRegex(@"^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$")]
    private static partial Regex InstructionLine();

    /// <summary>objdump's text for each word, disassembled as a raw binary loaded at <paramref name="baseAddress"/>.</summary>
    public static string[] Disassemble(IReadOnlyList<uint> words, ulong baseAddress = 0)
    {
        using var dir = new TempDir();
        var bin = dir.File("words.bin");
        var bytes = new byte[words.Count * 4];
        for (var i = 0; i < words.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        File.WriteAllBytes(bin, bytes);
        var output = OracleTool.Run("aarch64-linux-gnu-objdump", "-D", "-z", "-b", "binary", "-m", "aarch64",
            $"--adjust-vma=0x{baseAddress:x}", bin);
        var texts = new string[words.Count];
        var seen = 0;
        foreach (var line in output.Split('\n'))
        {
            var m = InstructionLine().Match(line);
            if (!m.Success) continue;
            var index = (int)((Convert.ToUInt64(m.Groups[1].Value, 16) - baseAddress) / 4);
            texts[index] = m.Groups[3].Value;
            seen++;
        }
        if (seen != words.Count)
            throw new InvalidOperationException($"objdump printed {seen} instructions for {words.Count} words");
        return texts;
    }
}
