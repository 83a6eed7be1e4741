using PatchLab.Arm64.Listing;
using PatchLab.Elf;
using PatchLab.Tests.Elf;

namespace PatchLab.Tests.Arm64.Listing;

public class ObjdumpSymbolTableTests
{
    [Fact]
    public void A_bad_name_in_the_half_read_on_another_thread_raises_ElfFormatException()
    {
        var bytes = SymbolListingTests.ManySymbols();
        using (var file = ElfFile.FromMemory(bytes, "many.o"))
        {
            // st_name of symbol 15,000 (in the second half of the table) points past the string table.
            var symbols = file.Symbols!;
            BitConverter.TryWriteBytes(bytes.AsSpan((int)symbols.Section.Offset + 15_000 * ElfFile.SymbolSize), uint.MaxValue);
        }
        using var damaged = ElfFile.FromMemory(bytes, "many.o");
        var error = Assert.Throws<ElfFormatException>(() => new DisassemblyListing(damaged));
        Assert.Contains("many.o", error.Message, StringComparison.Ordinal);
    }
}
