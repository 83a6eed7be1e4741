using System.Runtime.CompilerServices;

namespace PatchLab.Machine.Execution;

/// <summary>Elements of a 128-bit SIMD register value (Elem[] in the Arm ARM pseudocode).</summary>
internal static class Vector
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(int esize) => esize == 64 ? ulong.MaxValue : (1UL << esize) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Get(UInt128 v, int index, int esize) => (ulong)(v >> (index * esize)) & Mask(esize);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 Set(UInt128 v, int index, int esize, ulong value)
    {
        var shift = index * esize;
        var mask = (UInt128)Mask(esize) << shift;
        return (v & ~mask) | (((UInt128)(value & Mask(esize))) << shift);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long GetSigned(UInt128 v, int index, int esize)
    {
        var shift = 64 - esize;
        return (long)(Get(v, index, esize) << shift) >> shift;
    }

    /// <summary>The element repeated over 64 or 128 bits.</summary>
    public static UInt128 Replicate(ulong element, int esize, bool full)
    {
        var low = 0UL;
        for (var i = 0; i < 64; i += esize) low |= (element & Mask(esize)) << i;
        return full ? ((UInt128)low << 64) | low : low;
    }

    /// <summary>Keeps the low 64 bits when Q is 0 (the 64-bit arrangements clear the upper half).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 Sized(UInt128 v, bool full) => full ? v : (ulong)v;
}
