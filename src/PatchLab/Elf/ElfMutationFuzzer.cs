using System.Buffers.Binary;

namespace PatchLab.Elf;

/// <summary>
/// A seeded mutation fuzzer for the ELF reader: it damages a real file (flipped bytes, truncation, header and
/// section header fields set to extreme values) and drives every reading path over the result. The reader passes a
/// case when it reads the file or raises <see cref="ElfFormatException"/>; any other exception escapes to the
/// caller with the case's description. Shared by the test suite and the bench entry point.
/// </summary>
internal static class ElfMutationFuzzer
{
    private static readonly ulong[] ExtremeValues =
    [
        0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xfff1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
        0x100000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
    ];

    // (offset in the ELF header, width) of e_type, e_machine, e_entry, e_phoff, e_shoff, e_phentsize, e_phnum,
    // e_shentsize, e_shnum, e_shstrndx.
    private static readonly (int Offset, int Width)[] HeaderFields =
        [(16, 2), (18, 2), (24, 8), (32, 8), (40, 8), (54, 2), (56, 2), (58, 2), (60, 2), (62, 2)];

    // sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize.
    private static readonly (int Offset, int Width)[] SectionHeaderFields =
        [(0, 4), (4, 4), (8, 8), (16, 8), (24, 8), (32, 8), (40, 4), (44, 4), (48, 8), (56, 8)];

    /// <summary>A damaged copy of <paramref name="original"/> and a description of the damage.</summary>
    public static (byte[] Data, string Mutation) Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0:
            {
                var flips = 1 + random.Next(8);
                for (var i = 0; i < flips && data.Length > 0; i++)
                    data[random.Next(data.Length)] ^= (byte)(1 + random.Next(255));
                return (data, $"{flips} random bytes flipped");
            }
            case 1:
            {
                var length = random.Next(data.Length);
                return (data[..length], $"truncated to {length} bytes");
            }
            case 2:
            {
                var (offset, width) = HeaderFields[random.Next(HeaderFields.Length)];
                var value = Extreme(random, data.Length);
                Write(data, offset, width, value);
                return (data, $"ELF header field at 0x{offset:x} set to 0x{value:x}");
            }
            case 3:
            {
                if (data.Length < ElfFile.FileHeaderSize) return (data, "unchanged");
                var shoff = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(40));
                var shnum = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(60));
                if (shnum == 0) return (data, "unchanged");
                var index = random.Next(shnum);
                var (field, width) = SectionHeaderFields[random.Next(SectionHeaderFields.Length)];
                var offset = shoff + (ulong)(index * ElfFile.SectionHeaderSize + field);
                if (offset + (ulong)width > (ulong)data.Length) return (data, "unchanged");
                var value = Extreme(random, data.Length);
                Write(data, (int)offset, width, value);
                return (data, $"section {index} header field +{field} set to 0x{value:x}");
            }
            case 4:
            {
                // Anywhere in the file, an aligned word: hits symbol, relocation and group entries.
                var width = random.Next(2) == 0 ? 4 : 8;
                if (data.Length < width) return (data, "unchanged");
                var offset = random.Next(data.Length - width + 1) & ~(width - 1);
                var value = Extreme(random, data.Length);
                Write(data, offset, width, value);
                return (data, $"{width}-byte word at 0x{offset:x} set to 0x{value:x}");
            }
            default:
            {
                var a = Mutate(data, random);
                var b = Mutate(a.Data, random);
                return (b.Data, $"{a.Mutation}, then {b.Mutation}");
            }
        }
    }

    /// <summary>
    /// Reads everything the reader offers: sections and their contents, symbols, relocations, groups, program
    /// headers, the relocatable model written back out, and whatever <paramref name="consumer"/> does with the file
    /// (the disassembly listing, say). True if the file read cleanly, false if it raised <see cref="ElfFormatException"/>.
    /// </summary>
    public static bool Exercise(byte[] data, string name, Action<ElfFile>? consumer = null)
    {
        try
        {
            using var file = ElfFile.FromMemory(data, name);
            foreach (var s in file.Sections)
            {
                _ = file.GetData(s);
                if (s.Type is SectionType.Rela or SectionType.Rel) _ = file.GetRelocations(s);
                else if (s.Type == SectionType.Group) _ = file.GetGroup(s);
                else if (s.Type is SectionType.SymTab or SectionType.DynSym)
                    foreach (var symbol in file.GetSymbolTable(s)) _ = symbol.Name;
            }
            _ = file.ProgramHeaders;
            if (file.Type == ElfFileType.Relocatable)
                ElfWriter.WriteRelocatable(file.ReadRelocatable(), Stream.Null);
            consumer?.Invoke(file);
            return true;
        }
        catch (ElfFormatException)
        {
            return false;
        }
    }

    private static ulong Extreme(Random random, int fileLength) => random.Next(4) switch
    {
        0 => (ulong)(fileLength + random.Next(-2, 3)),
        1 => (ulong)random.NextInt64(),
        _ => ExtremeValues[random.Next(ExtremeValues.Length)],
    };

    private static void Write(byte[] data, int offset, int width, ulong value)
    {
        if (offset + width > data.Length) return;
        var span = data.AsSpan(offset);
        switch (width)
        {
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
        }
    }
}
