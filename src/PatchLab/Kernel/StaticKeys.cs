using System.Buffers.Binary;
using PatchLab.Arm64;
using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>One <c>__jump_table</c> entry, resolved: the site, where it branches to, its key, and the branch bit.</summary>
public readonly record struct JumpEntry(ulong Code, ulong Target, ulong Key, bool Branch)
{
    /// <summary>The instruction the site holds while the key is <paramref name="enabled"/>: B to the target, or NOP.</summary>
    public uint InstructionFor(bool enabled) =>
        enabled ^ Branch ? PatchInstructions.Branch(Code, Target, link: false) : StaticKeys.Nop;
}

/// <summary>
/// Static keys as kernel/jump_label.c runs them on arm64: the keys' sites come from the image's <c>__jump_table</c>;
/// enable/disable/inc/dec change the key's count in memory and, when the key flips, rewrite every site of the key
/// with aarch64_insn_patch_text_nosync (arch_jump_label_transform_queue) and then make one synchronisation round for
/// the whole batch (arch_jump_label_transform_apply: kick_all_cpus_sync). Each operation is host work on a CPU.
/// </summary>
public sealed class StaticKeys
{
    public const uint Nop = 0xd503201f;
    private const int EntrySize = 16;

    private readonly AArch64Machine _machine;
    private readonly TextPatcher _patcher;
    private readonly Dictionary<ulong, JumpEntry[]> _entriesByKey;

    public StaticKeys(KernelHost host, KernelImage image, TextPatcher patcher)
    {
        _machine = host.Machine;
        _patcher = patcher;
        var table = image.Image.FindSection("__jump_table");
        var entries = table is null ? [] : Read(table.Address, table.Data);
        // jump_label_init sorts the table by key, then by site.
        _entriesByKey = entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Code).ToArray());
        foreach (var entry in entries)
        {
            var expected = entry.InstructionFor(IsEnabled(entry.Key));
            var actual = _machine.Memory.PeekWord(entry.Code);
            if (actual != expected)
                throw new UserInputException(
                    $"jump label at 0x{entry.Code:x} holds 0x{actual:x8}, not the 0x{expected:x8} its key 0x{entry.Key:x} calls for");
        }
    }

    public IReadOnlyCollection<ulong> Keys => _entriesByKey.Keys;

    public IReadOnlyList<JumpEntry> EntriesOf(ulong key) => _entriesByKey.GetValueOrDefault(key) ?? [];

    /// <summary>The key's count (atomic_t enabled) as memory holds it.</summary>
    public int Count(ulong key) => (int)_machine.Memory.Read(key, 4);

    public bool IsEnabled(ulong key) => Count(key) > 0;

    /// <summary>Reads the entries of a <c>__jump_table</c> placed at <paramref name="address"/>.</summary>
    public static List<JumpEntry> Read(ulong address, ReadOnlySpan<byte> table)
    {
        var entries = new List<JumpEntry>();
        for (var offset = 0; offset + EntrySize <= table.Length; offset += EntrySize)
        {
            var at = address + (ulong)offset;
            var code = at + (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(table[offset..]);
            var target = at + 4 + (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(table[(offset + 4)..]);
            var key = at + 8 + (ulong)BinaryPrimitives.ReadInt64LittleEndian(table[(offset + 8)..]);
            entries.Add(new JumpEntry(code, target, key & ~3UL, (key & 1) != 0));
        }
        return entries;
    }

    /// <summary>static_key_enable: the count becomes 1; the sites change if it was 0.</summary>
    public IEnumerable<ulong> Enable(Cpu cpu, ulong key) => SetCount(cpu, key, Math.Max(Count(key), 1));

    /// <summary>static_key_disable: the count becomes 0; the sites change if it was not.</summary>
    public IEnumerable<ulong> Disable(Cpu cpu, ulong key) => SetCount(cpu, key, 0);

    /// <summary>static_key_slow_inc: the sites change on 0 → 1.</summary>
    public IEnumerable<ulong> Increment(Cpu cpu, ulong key) => SetCount(cpu, key, Count(key) + 1);

    /// <summary>static_key_slow_dec: the sites change on 1 → 0; below 0 is a bug the kernel warns about.</summary>
    public IEnumerable<ulong> Decrement(Cpu cpu, ulong key)
    {
        var count = Count(key);
        if (count <= 0) throw new InvalidOperationException($"static key 0x{key:x} decremented below zero");
        return SetCount(cpu, key, count - 1);
    }

    private IEnumerable<ulong> SetCount(Cpu cpu, ulong key, int count)
    {
        var was = IsEnabled(key);
        _machine.Memory.Write(key, 4, (ulong)(uint)count, cpu.Index, cpu.Cycles);
        yield return 1;
        if (was == count > 0) yield break;
        var changes = EntriesOf(key).Select(e => (e.Code, e.InstructionFor(count > 0))).ToList();
        foreach (var cost in _patcher.PatchBatch(cpu, changes)) yield return cost;
    }
}
