using System.Text;
using PatchLab.Arm64.Listing;

namespace PatchLab.Tests.Arm64.Listing;

public class LineCacheTests
{
    /// <summary>Keeps a line without a target and prints it back for the same word, or null if it was not kept.</summary>
    private static string? RoundTrip(uint word, string line)
    {
        var cache = new LineCache();
        cache.Add(word, Encoding.ASCII.GetBytes(line), [], null);
        var text = new ListingText(64);
        // A line without a target needs neither symbols nor section.
        return cache.TryAppend(text, word, 0, null!, null!) ? Encoding.ASCII.GetString(text.Bytes) : null;
    }

    [Theory]
    [InlineData("d503201f \tnop\n")]
    [InlineData("5283ffe0 \tmov\tw0, #0x1fff                \t// #8191\n")]
    [InlineData("d2800416 \tmov\tx22, #0x20                  \t// #32\n")]
    [InlineData("32013fe0 \tmov\tw0, #0x80007fff            \t// #-2147450881\n")]
    public void A_line_is_printed_back_as_it_was_kept(string line) => Assert.Equal(line, RoundTrip(0x5283ffe0, line));

    [Fact]
    public void A_long_line_whose_spaces_do_not_make_room_enough_is_not_kept()
    {
        Assert.Null(RoundTrip(1, "fa405a4d \tccmp\tx18, #0x0, #0xd, pl\t// pl = nfrst, and more words\n"));
        Assert.Null(RoundTrip(2, "5283ffe0 \tmov\tw0," + new string(' ', 65) + "\t// #8191\n"));
    }
}
