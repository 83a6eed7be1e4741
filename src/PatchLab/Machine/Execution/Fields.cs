using System.Runtime.CompilerServices;

namespace PatchLab.Machine.Execution;

/// <summary>The register and immediate fields at their architectural places, and the ALU helpers of the Arm ARM pseudocode.</summary>
internal static class Fields
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Rd(uint w) => (int)(w & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Rt(uint w) => (int)(w & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Rn(uint w) => (int)((w >> 5) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Rm(uint w) => (int)((w >> 16) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Rs(uint w) => (int)((w >> 16) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Ra(uint w) => (int)((w >> 10) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Rt2(uint w) => (int)((w >> 10) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Sf(uint w) => (w & 0x8000_0000) != 0;

    /// <summary>The signed field [lsb, lsb+width) of <paramref name="w"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Signed(uint w, int lsb, int width) => (long)((int)(w << (32 - lsb - width)) >> (32 - width));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Truncate(ulong value, bool is64) => is64 ? value : (uint)value;

    /// <summary>AddWithCarry: the sum and the NZCV flags it sets, for 32 or 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddWithCarry(ulong x, ulong y, bool carryIn, bool is64, out uint nzcv)
    {
        if (is64)
        {
            var sum = x + y + (carryIn ? 1UL : 0);
            var carry = sum < x || (carryIn && sum == x);
            var overflow = ((~(x ^ y) & (x ^ sum)) >> 63) != 0;
            nzcv = Flags(sum >> 63 != 0, sum == 0, carry, overflow);
            return sum;
        }
        var x32 = (uint)x;
        var y32 = (uint)y;
        var wide = (ulong)x32 + y32 + (carryIn ? 1UL : 0);
        var result = (uint)wide;
        var overflow32 = ((~(x32 ^ y32) & (x32 ^ result)) >> 31) != 0;
        nzcv = Flags(result >> 31 != 0, result == 0, wide >> 32 != 0, overflow32);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Flags(bool n, bool z, bool c, bool v) =>
        (n ? 0x8000_0000u : 0) | (z ? 0x4000_0000u : 0) | (c ? 0x2000_0000u : 0) | (v ? 0x1000_0000u : 0);

    /// <summary>NZ from a logical result, C and V clear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LogicalFlags(ulong result, bool is64) =>
        is64 ? Flags(result >> 63 != 0, result == 0, false, false) : Flags(((uint)result) >> 31 != 0, (uint)result == 0, false, false);

    /// <summary>ShiftReg: LSL, LSR, ASR, ROR of a 32- or 64-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Shift(ulong value, int type, int amount, bool is64)
    {
        var size = is64 ? 64 : 32;
        amount %= size;
        if (!is64) value = (uint)value;
        if (amount == 0) return value;
        return type switch
        {
            0 => Truncate(value << amount, is64),
            1 => value >> amount,
            2 => is64 ? (ulong)((long)value >> amount) : (uint)((int)(uint)value >> amount),
            _ => is64 ? (value >> amount) | (value << (64 - amount)) : (uint)(((uint)value >> amount) | ((uint)value << (32 - amount))),
        };
    }

    /// <summary>ExtendReg: UXTB…SXTX of a register value, then shifted left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Extend(ulong value, int option, int shift, bool is64)
    {
        value = option switch
        {
            0 => (byte)value,
            1 => (ushort)value,
            2 => (uint)value,
            3 => value,
            4 => (ulong)(long)(sbyte)value,
            5 => (ulong)(long)(short)value,
            6 => (ulong)(long)(int)value,
            _ => value,
        };
        return Truncate(value << shift, is64);
    }

    /// <summary>DecodeBitMasks: the wmask and tmask of a logical immediate or bitfield move; false if reserved.</summary>
    public static bool DecodeBitMasks(uint n, uint imms, uint immr, bool immediate, int dataSize, out ulong wmask, out ulong tmask)
    {
        wmask = tmask = 0;
        var combined = (n << 6) | (~imms & 0x3f);
        if (combined == 0) return false;
        var len = 31 - System.Numerics.BitOperations.LeadingZeroCount(combined);
        if (len < 1 || (1 << len) > dataSize) return false;
        var levels = (uint)((1 << len) - 1);
        if (immediate && (imms & levels) == levels) return false;
        var s = (int)(imms & levels);
        var r = (int)(immr & levels);
        var diff = (s - r) & (int)levels;
        var esize = 1 << len;
        var welem = Ones(s + 1);
        var telem = Ones(diff + 1);
        welem = RotateRight(welem, r, esize);
        wmask = Replicate(welem, esize, dataSize);
        tmask = Replicate(telem, esize, dataSize);
        return true;
    }

    /// <summary>The low <paramref name="n"/> bits set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Ones(int n) => n >= 64 ? ulong.MaxValue : (1UL << n) - 1;

    private static ulong RotateRight(ulong value, int amount, int size)
    {
        if (amount == 0) return value;
        var mask = Ones(size);
        return ((value >> amount) | (value << (size - amount))) & mask;
    }

    private static ulong Replicate(ulong element, int esize, int dataSize)
    {
        var result = 0UL;
        for (var i = 0; i < dataSize; i += esize) result |= element << i;
        return dataSize == 64 ? result : result & Ones(dataSize);
    }
}
