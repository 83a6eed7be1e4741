using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace PatchLab.Arm64.Listing;

/// <summary>
/// A piece of a listing as the UTF-8 bytes it is written as: a kernel's listing is 170 MB of text, and making it
/// straight in bytes spares a copy and an encoding pass over every character.
/// </summary>
internal sealed class ListingText(int capacity)
{
    private const string Digits = "0123456789abcdef";

    // Every byte value as its two hex digits, the first in the low byte: one load and one store per byte.
    private static readonly ushort[] HexPairs = MakeHexPairs();

    private byte[] _bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Room for <paramref name="count"/> more bytes, to fill and then <see cref="Advance"/> over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Room(int count)
    {
        if (_bytes.Length - Length < count) Grow(count);
        return _bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    private void Grow(int count) => Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b)
    {
        Room(1)[0] = b;
        Length++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>
    /// Appends the first <paramref name="length"/> bytes at <paramref name="source"/> by copying
    /// <paramref name="blocks"/> whole 16-byte blocks, with no call: short pieces come often, and the source is
    /// readable that far. What lies past the length is written over afterwards.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendBlocks(ref byte source, int length, int blocks)
    {
        ref var to = ref MemoryMarshal.GetReference(Room(blocks * Vector128<byte>.Count));
        for (var at = 0; at < blocks * Vector128<byte>.Count; at += Vector128<byte>.Count)
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, at), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref source, at)));
        Length += length;
    }

    /// <summary>
    /// Appends <paramref name="length"/> bytes of <paramref name="source"/> from <paramref name="start"/> on: in whole
    /// 16-byte blocks when the source reaches far enough past them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendFrom(ReadOnlySpan<byte> source, int start, int length)
    {
        var blocks = (length + Vector128<byte>.Count - 1) / Vector128<byte>.Count;
        if (source.Length - start >= blocks * Vector128<byte>.Count)
            AppendBlocks(ref Unsafe.Add(ref MemoryMarshal.GetReference(source), start), length, blocks);
        else Append(source.Slice(start, length));
    }

    public void Append(string text) => Append(text.AsSpan());

    public void Append(ReadOnlySpan<char> text)
    {
        // Instructions' text is ASCII: narrowed, without the encoder's set-up; anything else is encoded.
        var room = Room(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        if (Ascii.FromUtf16(text, room, out var written) != System.Buffers.OperationStatus.Done)
            written = System.Text.Encoding.UTF8.GetBytes(text, room);
        Length += written;
    }

    /// <summary>The value in hex without leading zeros (at least one digit).</summary>
    public void AppendHex(ulong value) => AppendHex(value, HexDigits(value));

    /// <summary>Exactly <paramref name="digits"/> hex digits (at most 16), with leading zeros: objdump's <c>%08x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendHex(ulong value, int digits)
    {
        var room = Room(16);
        WriteHex(room, value, digits);
        Length += digits;
    }

    /// <summary>Writes the low <paramref name="digits"/> hex digits of <paramref name="value"/> at the start of <paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteHex(Span<byte> to, ulong value, int digits)
    {
        var pairs = HexPairs;
        var i = digits;
        for (; i >= 2; i -= 2, value >>= 8)
            Unsafe.WriteUnaligned(ref to[i - 2], pairs[(int)(value & 0xff)]);
        if (i == 1) to[0] = (byte)Digits[(int)(value & 0xf)];
    }

    /// <summary>How many hex digits the value needs without leading zeros (at least one).</summary>
    public static int HexDigits(ulong value) => Math.Max(1, (67 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 4);

    private static ushort[] MakeHexPairs()
    {
        var pairs = new ushort[256];
        for (var b = 0; b < 256; b++) pairs[b] = (ushort)(Digits[b >> 4] | Digits[b & 15] << 8);
        return pairs;
    }
}
