using System.Numerics;
using static PatchLab.Machine.Execution.Fields;
using static PatchLab.Machine.Execution.Vector;

namespace PatchLab.Machine.Execution;

/// <summary>
/// Advanced SIMD: the integer vector operations GCC's vectoriser and glibc's string routines use, vector FP
/// arithmetic, and the scalar forms of the same operations on the low element (ADDP, ADD d, USHR d, DUP s…).
/// </summary>
internal static class SimdSemantics
{
    public static void Define(SemanticsBuilder s)
    {
        s.Add("simd three same", "0 Q U 01110 size:2 1 Rm:5 opcode:5 1 Rn:5 Rd:5", (cpu, w) => ThreeSame(cpu, w, Full(w)),
            w => IsThreeSame(w) && (Full(w) || ((w >> 22) & 3) != 3 || IsLogical(w)));
        s.Add("simd scalar three same", "01 U 11110 11 1 Rm:5 opcode:5 1 Rn:5 Rd:5", (cpu, w) => ThreeSame(cpu, w, false),
            w => ((w >> 11) & 0x1f) is 0x10 or 0x11 or 0x06 or 0x07 or 0x08);
        s.Add("simd fp three same", "0 Q U 01110 a sz 1 Rm:5 11 opcode:3 1 Rn:5 Rd:5", FpThreeSame,
            w => IsFpThreeSame(w) && (Full(w) || ((w >> 22) & 1) == 0));
        s.Add("simd three different", "0 Q U 01110 size:2 1 Rm:5 opcode:4 00 Rn:5 Rd:5", ThreeDifferent,
            w => ((w >> 22) & 3) != 3 && ((w >> 12) & 15) is 0 or 1 or 2 or 3 or 5 or 7 or 8 or 10 or 12);
        s.Add("simd two-register misc", "0 Q U 01110 size:2 10000 opcode:5 10 Rn:5 Rd:5", TwoRegisterMisc, IsTwoRegisterMisc);
        s.Add("simd scalar two-register misc (fp conversions)", "01 U 11110 size:2 10000 opcode:5 10 Rn:5 Rd:5", (cpu, w) =>
            FpTwoRegisterMisc(cpu, w, 1, (w & (1u << 29)) != 0, (w >> 12) & 0x1f, cpu.V[Rn(w)]),
            w => ((w >> 12) & 0x1f) == 0x1b ? ((w >> 23) & 1) != 0 : ((w >> 12) & 0x1f) == 0x1d && ((w >> 23) & 1) == 0);
        s.Add("simd across lanes", "0 Q U 01110 size:2 11000 opcode:5 10 Rn:5 Rd:5", AcrossLanes,
            w => ((w >> 22) & 3) != 3 && (((w >> 12) & 0x1f) is 0x03 or 0x0a or 0x1a || (((w >> 12) & 0x1f) == 0x1b && (w & (1u << 29)) == 0)));
        s.Add("simd fp across lanes", "0 1 1 01110 o1 0 11000 opcode:5 10 Rn:5 Rd:5", (cpu, w) =>
        {
            // FMAXNMV, FMINNMV, FMAXV, FMINV over four singles, reduced as the Arm ARM's pairwise tree.
            var operation = (((w >> 12) & 0x1f) == 0x0c ? 6 : 4) + (int)((w >> 23) & 1);
            var n = cpu.V[Rn(w)];
            var low = Fp.Binary(cpu, operation, Get(n, 0, 32), Get(n, 1, 32), false);
            var high = Fp.Binary(cpu, operation, Get(n, 2, 32), Get(n, 3, 32), false);
            cpu.V[Rd(w)] = Fp.Binary(cpu, operation, low, high, false);
        }, w => ((w >> 12) & 0x1f) is 0x0c or 0x0f);
        s.Add("simd scalar pairwise", "01 U 11110 size:2 11000 opcode:5 10 Rn:5 Rd:5", ScalarPairwise,
            w => (w & (1u << 29)) == 0
                ? ((w >> 12) & 0x1f) == 0x1b && ((w >> 22) & 3) == 3          // ADDP (scalar)
                : ((w >> 12) & 0x1f) == 0x0d && ((w >> 23) & 1) == 0);        // FADDP (scalar)
        s.Add("simd copy", "0 Q op 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5", Copy, IsCopy);
        s.Add("simd scalar dup (element)", "01 0 11110000 imm5:5 0 0000 1 Rn:5 Rd:5", (cpu, w) =>
        {
            var (esize, index) = ElementOf(w);
            cpu.V[Rd(w)] = Get(cpu.V[Rn(w)], index, esize);
        }, w => ((w >> 16) & 15) != 0);
        s.Add("simd modified immediate", "0 Q op 0111100000 a b c cmode:4 o2 1 d e f g h Rd:5", ModifiedImmediate,
            w => (w & (1u << 11)) == 0 && (((w >> 12) & 15) != 15 || (w & (1u << 29)) == 0 || Full(w)));
        s.Add("simd shift by immediate", "0 Q U 011110 immh:4 immb:3 opcode:5 1 Rn:5 Rd:5", (cpu, w) => ShiftImmediate(cpu, w, Full(w), false),
            w => ((w >> 19) & 15) != 0 && IsShiftImmediate(w) && (Full(w) || (w & (1u << 22)) == 0 || IsNarrowingOrLong(w)));
        s.Add("simd scalar shift by immediate", "01 U 111110 immh:4 immb:3 opcode:5 1 Rn:5 Rd:5", (cpu, w) => ShiftImmediate(cpu, w, false, true),
            w => ((w >> 22) & 1) != 0 && ((w >> 11) & 0x1f) switch
            {
                0 or 2 or 0x0a => true,                // SSHR/USHR, SSRA/USRA, SHL/SLI
                0x08 => (w & (1u << 29)) != 0,         // SRI
                _ => false,
            });
        s.Add("simd permute", "0 Q 0 01110 size:2 0 Rm:5 0 opcode:3 10 Rn:5 Rd:5", Permute,
            w => ((w >> 12) & 3) != 0 && (Full(w) || ((w >> 22) & 3) != 3));
        s.Add("simd ext", "0 Q 101110 00 0 Rm:5 0 imm4:4 0 Rn:5 Rd:5", (cpu, w) =>
        {
            var full = Full(w);
            var position = (int)((w >> 11) & 15) * 8;
            var bits = full ? 128 : 64;
            var low = Sized(cpu.V[Rn(w)], full);
            var high = Sized(cpu.V[Rm(w)], full);
            var result = position == 0 ? low : (low >> position) | (high << (bits - position));
            cpu.V[Rd(w)] = Sized(result, full);
        }, w => Full(w) || (w & (1u << 14)) == 0);
        s.Add("simd vector x indexed element", "0 Q U 01111 size:2 L M Rm:4 opcode:4 H 0 Rn:5 Rd:5", IndexedElement, IsIndexedElement);
        s.Add("simd table lookup", "0 Q 001110 00 0 Rm:5 0 len:2 op 00 Rn:5 Rd:5", TableLookup);
    }

    private static bool Full(uint w) => (w & (1u << 30)) != 0;

    private static int ESize(uint w) => 8 << (int)((w >> 22) & 3);

    private static int Elements(bool full, int esize) => (full ? 128 : 64) / esize;

    // ---- three same ----

    private static bool IsLogical(uint w) => ((w >> 11) & 0x1f) == 0x03;

    private static bool IsThreeSame(uint w)
    {
        var opcode = (w >> 11) & 0x1f;
        var unsigned = (w & (1u << 29)) != 0;
        return opcode switch
        {
            0x00 or 0x01 or 0x02 or 0x03 or 0x04 or 0x05 or 0x06 or 0x07 or 0x08 or 0x0c or 0x0d or 0x0e or 0x0f
                or 0x10 or 0x11 or 0x12 or 0x14 or 0x15 => true,
            0x13 => !unsigned,
            0x17 => !unsigned,
            _ => false,
        };
    }

    private static void ThreeSame(Cpu cpu, uint w, bool full)
    {
        var opcode = (w >> 11) & 0x1f;
        var unsigned = (w & (1u << 29)) != 0;
        var n = cpu.V[Rn(w)];
        var m = cpu.V[Rm(w)];
        if (opcode == 0x03)
        {
            cpu.V[Rd(w)] = Sized(Logical(unsigned, (int)((w >> 22) & 3), cpu.V[Rd(w)], n, m), full);
            return;
        }
        var esize = ESize(w);
        var elements = Elements(full, esize);
        var d = cpu.V[Rd(w)];
        UInt128 result = 0;
        if (opcode is 0x14 or 0x15 or 0x17)
        {
            // Pairwise: adjacent pairs of n, then of m.
            for (var i = 0; i < elements; i++)
            {
                var source = i < elements / 2 ? n : m;
                var pair = (i % (elements / 2)) * 2;
                var a = Get(source, pair, esize);
                var b = Get(source, pair + 1, esize);
                result = Set(result, i, esize, Element(opcode == 0x17 ? 0x10 : opcode - 8, opcode != 0x17 && unsigned, a, b, 0, esize));
            }
        }
        else
        {
            for (var i = 0; i < elements; i++)
                result = Set(result, i, esize, Element(opcode, unsigned, Get(n, i, esize), Get(m, i, esize), Get(d, i, esize), esize));
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }

    private static UInt128 Logical(bool unsigned, int op, UInt128 d, UInt128 n, UInt128 m) => (unsigned, op) switch
    {
        (false, 0) => n & m,
        (false, 1) => n & ~m,
        (false, 2) => n | m,
        (false, _) => n | ~m,
        (true, 0) => n ^ m,
        (true, 1) => (d & n) | (~d & m),     // BSL: d selects n
        (true, 2) => (d & ~m) | (n & m),     // BIT: insert n where m is set
        (true, _) => (d & m) | (n & ~m),     // BIF: insert n where m is clear
    };

    /// <summary>One element of a three-same integer operation (opcode, signedness from U).</summary>
    private static ulong Element(uint opcode, bool unsigned, ulong a, ulong b, ulong d, int esize)
    {
        var mask = Mask(esize);
        var shift = 64 - esize;
        var sa = (long)(a << shift) >> shift;
        var sb = (long)(b << shift) >> shift;
        switch (opcode)
        {
            case 0x00: return unsigned ? (ulong)(((UInt128)a + b) >> 1) : (ulong)((sa + (Int128)sb) >> 1);
            case 0x02: return unsigned ? (ulong)(((UInt128)a + b + 1) >> 1) : (ulong)((sa + (Int128)sb + 1) >> 1);
            case 0x04: return unsigned ? (ulong)(((Int128)a - b) >> 1) : (ulong)((sa - (Int128)sb) >> 1);
            case 0x01: return unsigned ? SaturateUnsigned((Int128)a + b, esize) : SaturateSigned((Int128)sa + sb, esize);
            case 0x05: return unsigned ? SaturateUnsigned((Int128)a - b, esize) : SaturateSigned((Int128)sa - sb, esize);
            case 0x06: return (unsigned ? a > b : sa > sb) ? mask : 0;
            case 0x07: return (unsigned ? a >= b : sa >= sb) ? mask : 0;
            case 0x08: return ShiftLeftBySigned(a, (sbyte)b, unsigned, esize);
            case 0x0c: return unsigned ? Math.Max(a, b) : (ulong)Math.Max(sa, sb);
            case 0x0d: return unsigned ? Math.Min(a, b) : (ulong)Math.Min(sa, sb);
            case 0x0e: return unsigned ? (a > b ? a - b : b - a) : (ulong)Math.Abs(sa - sb);
            case 0x0f: return d + (unsigned ? (a > b ? a - b : b - a) : (ulong)Math.Abs(sa - sb));
            case 0x10: return unsigned ? a - b : a + b;
            case 0x11: return unsigned ? (a == b ? mask : 0) : ((a & b) != 0 ? mask : 0);
            case 0x12: return unsigned ? d - a * b : d + a * b;
            default: return a * b;   // 0x13 MUL
        }
    }

    /// <summary>SSHL/USHL: a negative count shifts right (arithmetic for SSHL).</summary>
    private static ulong ShiftLeftBySigned(ulong a, int count, bool unsigned, int esize)
    {
        if (count >= 0) return count >= esize ? 0 : a << count;
        var right = -count;
        if (unsigned) return right >= esize ? 0 : a >> right;
        var shift = 64 - esize;
        var signed = (long)(a << shift) >> shift;
        return (ulong)(signed >> Math.Min(right, 63));
    }

    private static ulong SaturateUnsigned(Int128 value, int esize)
    {
        var max = (Int128)Mask(esize);
        return value < 0 ? 0 : value > max ? (ulong)max : (ulong)value;
    }

    private static ulong SaturateSigned(Int128 value, int esize)
    {
        var max = (Int128)(Mask(esize) >> 1);
        var min = -max - 1;
        return (ulong)(value > max ? max : value < min ? min : value);
    }

    // ---- FP three same ----

    private static bool IsFpThreeSame(uint w)
    {
        var u = (w >> 29) & 1;
        var a = (w >> 23) & 1;
        var opcode = (w >> 11) & 7;
        return (u, a, opcode) switch
        {
            (0, _, 0) or (0, _, 1) or (0, _, 2) or (0, _, 6) or (0, 0, 4) => true,
            (1, 0, 2) or (1, 0, 3) or (1, 0, 7) or (1, _, 4) or (1, 1, 2) => true,
            (1, _, 0) or (1, _, 6) => true,                       // FMAXNMP, FMINNMP, FMAXP, FMINP
            _ => false,
        };
    }

    private static void FpThreeSame(Cpu cpu, uint w)
    {
        var full = Full(w);
        var isDouble = ((w >> 22) & 1) != 0;
        var esize = isDouble ? 64 : 32;
        var u = (w >> 29) & 1;
        var a = (w >> 23) & 1;
        var opcode = (w >> 11) & 7;
        var n = cpu.V[Rn(w)];
        var m = cpu.V[Rm(w)];
        var d = cpu.V[Rd(w)];
        var elements = Elements(full, esize);
        UInt128 result = 0;
        for (var i = 0; i < elements; i++)
        {
            ulong x, y;
            if (u == 1 && ((a == 0 && opcode == 2) || opcode is 0 or 6))
            {
                // FADDP: adjacent pairs of n, then of m.
                var source = i < elements / 2 ? n : m;
                var pair = (i % (elements / 2)) * 2;
                x = Get(source, pair, esize);
                y = Get(source, pair + 1, esize);
            }
            else
            {
                x = Get(n, i, esize);
                y = Get(m, i, esize);
            }
            var value = (u, a, opcode) switch
            {
                (0, 0, 0) => Fp.Binary(cpu, 6, x, y, isDouble),
                (0, 1, 0) => Fp.Binary(cpu, 7, x, y, isDouble),
                (0, _, 1) => Fp.MultiplyAdd(cpu, Get(d, i, esize), x, y, a == 1, false, isDouble),
                (0, 0, 2) => Fp.Binary(cpu, 2, x, y, isDouble),
                (0, 1, 2) => Fp.Binary(cpu, 3, x, y, isDouble),
                (0, 0, 6) => Fp.Binary(cpu, 4, x, y, isDouble),
                (0, 1, 6) => Fp.Binary(cpu, 5, x, y, isDouble),
                (0, 0, 4) => Fp.Compare(x, y, isDouble) == 0x6000_0000 ? Mask(esize) : 0,
                (1, 0, 4) => Fp.Compare(x, y, isDouble) is 0x6000_0000 or 0x2000_0000 ? Mask(esize) : 0,
                (1, 1, 4) => Fp.Compare(x, y, isDouble) == 0x2000_0000 ? Mask(esize) : 0,
                (1, 0, 2) => Fp.Binary(cpu, 2, x, y, isDouble),
                (1, 0, 0) => Fp.Binary(cpu, 6, x, y, isDouble),
                (1, 1, 0) => Fp.Binary(cpu, 7, x, y, isDouble),
                (1, 0, 6) => Fp.Binary(cpu, 4, x, y, isDouble),
                (1, 1, 6) => Fp.Binary(cpu, 5, x, y, isDouble),
                (1, 1, 2) => Fp.Binary(cpu, 3, x, y, isDouble) & (Mask(esize) >> 1),   // FABD
                (1, 0, 3) => Fp.Binary(cpu, 0, x, y, isDouble),
                _ => Fp.Binary(cpu, 1, x, y, isDouble),
            };
            result = Set(result, i, esize, value);
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }

    // ---- three different (long and wide) ----

    private static void ThreeDifferent(Cpu cpu, uint w)
    {
        var esize = ESize(w);
        var unsigned = (w & (1u << 29)) != 0;
        var half = Full(w) ? 64 / esize : 0;
        var opcode = (w >> 12) & 15;
        var n = cpu.V[Rn(w)];
        var m = cpu.V[Rm(w)];
        var d = cpu.V[Rd(w)];
        var wide = esize * 2;
        var elements = 64 / esize;
        UInt128 result = 0;
        for (var i = 0; i < elements; i++)
        {
            // The wide forms (opcode 1, 3) read n at double width.
            var a = opcode is 1 or 3 ? (unsigned ? Get(n, i, wide) : (ulong)GetSigned(n, i, wide)) : Widen(n, i + half, esize, unsigned);
            var b = Widen(m, i + half, esize, unsigned);
            var acc = Get(d, i, wide);
            ulong difference = unsigned ? (a > b ? a - b : b - a) : (ulong)Math.Abs((long)a - (long)b);
            var value = opcode switch
            {
                0 or 1 => a + b,
                2 or 3 => a - b,
                5 => acc + difference,
                7 => difference,
                8 => acc + a * b,
                10 => acc - a * b,
                _ => a * b,
            };
            result = Set(result, i, wide, value);
        }
        cpu.V[Rd(w)] = result;
    }

    private static ulong Widen(UInt128 v, int index, int esize, bool unsigned) =>
        unsigned ? Get(v, index, esize) : (ulong)GetSigned(v, index, esize);

    // ---- two-register misc ----

    private static bool IsTwoRegisterMisc(uint w)
    {
        var u = (w >> 29) & 1;
        var size = (w >> 22) & 3;
        var opcode = (w >> 12) & 0x1f;
        var full = Full(w);
        return (u, opcode) switch
        {
            (0, 0x00) => size != 3,
            (1, 0x00) => size < 2,
            (0, 0x01) => size == 0,
            (0, 0x02) or (1, 0x02) or (0, 0x06) or (1, 0x06) => size != 3,
            (0, 0x05) => size == 0,
            (1, 0x05) => size < 2,
            (_, 0x08) or (_, 0x09) or (0, 0x0a) or (_, 0x0b) => full || size != 3,
            (0, 0x12) or (1, 0x13) => size != 3,
            (_, 0x0f) or (1, 0x1f) or (_, 0x1b) or (_, 0x1d) => size >= 2 == (opcode is 0x0f or 0x1f or 0x1b) && (full || (size & 1) == 0),
            (_, 0x0c) or (_, 0x0d) or (0, 0x0e) => size >= 2 && (full || size == 2),           // FCMGT, FCMGE, FCMEQ, FCMLE, FCMLT (zero)
            (0, 0x16) or (0, 0x17) => size == 1,                                                // FCVTN, FCVTL (single <-> double)
            (_, 0x14) or (1, 0x12) => size != 3,                                                // SQXTN, UQXTN, SQXTUN
            _ => false,
        };
    }

    private static void TwoRegisterMisc(Cpu cpu, uint w)
    {
        var full = Full(w);
        var unsigned = (w & (1u << 29)) != 0;
        var size = (int)((w >> 22) & 3);
        var opcode = (w >> 12) & 0x1f;
        var n = cpu.V[Rn(w)];
        if (opcode is 0x0c or 0x0d or 0x0e)
        {
            FpCompareWithZero(cpu, w, full, unsigned, opcode, n);
            return;
        }
        if (opcode is 0x16 or 0x17)
        {
            ConvertPrecision(cpu, w, full, opcode == 0x17, n);
            return;
        }
        if (opcode == 0x14 || (opcode == 0x12 && unsigned))
        {
            SaturatingNarrow(cpu, w, full, size, opcode == 0x12 ? 2 : unsigned ? 1 : 0, n);
            return;
        }
        if (opcode is 0x0f or 0x1f or 0x1b or 0x1d)
        {
            FpTwoRegisterMisc(cpu, w, Elements(full, ((w >> 22) & 1) != 0 ? 64 : 32), unsigned, opcode, n);
            return;
        }
        if (opcode == 0x05 && unsigned)
        {
            cpu.V[Rd(w)] = Sized(size == 0 ? ~n : ReverseBitsInBytes(n), full);
            return;
        }
        var esize = 8 << size;
        var mask = Mask(esize);
        UInt128 result = 0;
        if (opcode == 0x12)
        {
            // XTN, XTN2: narrow to half width; the 2 form writes the upper half and keeps the lower.
            var narrow = esize;
            var wide = esize * 2;
            var count = 64 / narrow;
            result = Full(w) ? (ulong)cpu.V[Rd(w)] : 0;
            for (var i = 0; i < count; i++) result = Set(result, i + (Full(w) ? count : 0), narrow, Get(n, i, wide));
            cpu.V[Rd(w)] = result;
            return;
        }
        if (opcode == 0x13)
        {
            // SHLL, SHLL2: widen the low or high half, shifted left by the element size.
            var count = 64 / esize;
            for (var i = 0; i < count; i++) result = Set(result, i, esize * 2, Get(n, i + (full ? count : 0), esize) << esize);
            cpu.V[Rd(w)] = result;
            return;
        }
        if (opcode is 0x02 or 0x06)
        {
            // SADDLP/UADDLP, SADALP/UADALP: pairs added at double width.
            var wide = esize * 2;
            var d = cpu.V[Rd(w)];
            for (var i = 0; i < Elements(full, wide); i++)
            {
                var sum = Widen(n, 2 * i, esize, unsigned) + Widen(n, 2 * i + 1, esize, unsigned);
                if (opcode == 0x06) sum += Get(d, i, wide);
                result = Set(result, i, wide, sum);
            }
            cpu.V[Rd(w)] = Sized(result, full);
            return;
        }
        if (opcode is 0x00 or 0x01)
        {
            // REV64, REV32, REV16: reverse the elements within each container.
            var container = opcode == 0x01 ? 16 : unsigned ? 32 : 64;
            var per = container / esize;
            for (var i = 0; i < Elements(full, esize); i++)
                result = Set(result, i, esize, Get(n, (i / per) * per + (per - 1 - i % per), esize));
            cpu.V[Rd(w)] = Sized(result, full);
            return;
        }
        for (var i = 0; i < Elements(full, esize); i++)
        {
            var a = Get(n, i, esize);
            var sa = GetSigned(n, i, esize);
            var value = (unsigned, opcode) switch
            {
                (false, 0x05) => (ulong)BitOperations.PopCount(a),
                (false, 0x08) => sa > 0 ? mask : 0,
                (false, 0x09) => sa == 0 ? mask : 0,
                (false, 0x0a) => sa < 0 ? mask : 0,
                (true, 0x08) => sa >= 0 ? mask : 0,
                (true, 0x09) => sa <= 0 ? mask : 0,
                (false, 0x0b) => sa < 0 ? (ulong)-sa : (ulong)sa,   // ABS wraps at the most negative value
                _ => (ulong)-sa,
            };
            result = Set(result, i, esize, value);
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }

    private static void FpTwoRegisterMisc(Cpu cpu, uint w, int elements, bool unsigned, uint opcode, UInt128 n)
    {
        var isDouble = ((w >> 22) & 1) != 0;
        var esize = isDouble ? 64 : 32;
        var sign = 1UL << (esize - 1);
        UInt128 result = 0;
        for (var i = 0; i < elements; i++)
        {
            var a = Get(n, i, esize);
            var value = (opcode, unsigned) switch
            {
                (0x0f, false) => a & ~sign,
                (0x0f, true) => a ^ sign,
                (0x1f, _) => Fp.SquareRoot(cpu, a, isDouble),
                (0x1b, _) => Fp.ToInteger(Fp.ToDouble(a, isDouble), Fp.Rounding.Zero, unsigned, isDouble),
                _ => FromInteger(a, unsigned, isDouble),
            };
            result = Set(result, i, esize, value);
        }
        cpu.V[Rd(w)] = result;
    }

    private static void FpCompareWithZero(Cpu cpu, uint w, bool full, bool unsigned, uint opcode, UInt128 n)
    {
        var isDouble = ((w >> 22) & 1) != 0;
        var esize = isDouble ? 64 : 32;
        UInt128 result = 0;
        for (var i = 0; i < Elements(full, esize); i++)
        {
            var flags = Fp.Compare(Get(n, i, esize), 0, isDouble);
            var holds = (opcode, unsigned) switch
            {
                (0x0c, false) => flags == 0x2000_0000,                          // GT
                (0x0c, true) => flags is 0x2000_0000 or 0x6000_0000,            // GE
                (0x0d, false) => flags == 0x6000_0000,                          // EQ
                (0x0d, true) => flags is 0x8000_0000 or 0x6000_0000,            // LE
                _ => flags == 0x8000_0000,                                      // LT
            };
            result = Set(result, i, esize, holds ? Mask(esize) : 0);
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }

    /// <summary>FCVTL/FCVTL2 widen singles to doubles; FCVTN/FCVTN2 narrow doubles into the low or high half.</summary>
    private static void ConvertPrecision(Cpu cpu, uint w, bool full, bool widen, UInt128 n)
    {
        UInt128 result = widen || !full ? 0 : (ulong)cpu.V[Rd(w)];
        for (var i = 0; i < 2; i++)
        {
            result = widen
                ? Set(result, i, 64, Fp.Convert(cpu, Get(n, i + (full ? 2 : 0), 32), fromDouble: false, toDouble: true))
                : Set(result, i + (full ? 2 : 0), 32, Fp.Convert(cpu, Get(n, i, 64), fromDouble: true, toDouble: false));
        }
        cpu.V[Rd(w)] = result;
    }

    /// <summary>SQXTN (kind 0), UQXTN (1), SQXTUN (2): narrow with saturation into the low or high half.</summary>
    private static void SaturatingNarrow(Cpu cpu, uint w, bool full, int size, int kind, UInt128 n)
    {
        var esize = 8 << size;
        var count = 64 / esize;
        UInt128 result = full ? (ulong)cpu.V[Rd(w)] : 0;
        for (var i = 0; i < count; i++)
        {
            var value = kind switch
            {
                0 => SaturateSigned(GetSigned(n, i, esize * 2), esize),
                1 => SaturateUnsigned(Get(n, i, esize * 2), esize),
                _ => SaturateUnsigned(GetSigned(n, i, esize * 2), esize),
            };
            result = Set(result, i + (full ? count : 0), esize, value);
        }
        cpu.V[Rd(w)] = result;
    }

    private static ulong FromInteger(ulong a, bool unsigned, bool isDouble)
    {
        if (isDouble) return (ulong)BitConverter.DoubleToInt64Bits(unsigned ? a : (double)(long)a);
        return (uint)BitConverter.SingleToInt32Bits(unsigned ? (uint)a : (float)(int)a);
    }

    private static UInt128 ReverseBitsInBytes(UInt128 v)
    {
        UInt128 result = 0;
        for (var i = 0; i < 16; i++)
        {
            var b = (byte)(v >> (i * 8));
            var r = (byte)((b * 0x0202020202UL & 0x010884422010UL) % 1023);
            result |= (UInt128)r << (i * 8);
        }
        return result;
    }

    // ---- across lanes and scalar pairwise ----

    private static void AcrossLanes(Cpu cpu, uint w)
    {
        var esize = ESize(w);
        var unsigned = (w & (1u << 29)) != 0;
        var opcode = (w >> 12) & 0x1f;
        var n = cpu.V[Rn(w)];
        var elements = Elements(Full(w), esize);
        var accumulator = opcode == 0x03 ? 0 : Widen(n, 0, esize, unsigned);
        for (var i = opcode == 0x03 ? 0 : 1; i < elements; i++)
        {
            var x = Widen(n, i, esize, unsigned);
            accumulator = opcode switch
            {
                0x03 or 0x1b => accumulator + x,
                0x0a => unsigned ? Math.Max(accumulator, x) : (ulong)Math.Max((long)accumulator, (long)x),
                _ => unsigned ? Math.Min(accumulator, x) : (ulong)Math.Min((long)accumulator, (long)x),
            };
        }
        var resultSize = opcode == 0x03 ? esize * 2 : esize;
        cpu.V[Rd(w)] = accumulator & Mask(resultSize);
    }

    private static void ScalarPairwise(Cpu cpu, uint w)
    {
        var n = cpu.V[Rn(w)];
        if ((w & (1u << 29)) == 0)
        {
            cpu.V[Rd(w)] = Get(n, 0, 64) + Get(n, 1, 64);
            return;
        }
        var isDouble = ((w >> 22) & 1) != 0;
        var esize = isDouble ? 64 : 32;
        cpu.V[Rd(w)] = Fp.Binary(cpu, 2, Get(n, 0, esize), Get(n, 1, esize), isDouble);
    }

    // ---- copy ----

    private static (int Esize, int Index) ElementOf(uint w)
    {
        var imm5 = (w >> 16) & 31;
        var size = BitOperations.TrailingZeroCount(imm5);
        return (8 << size, (int)(imm5 >> (size + 1)));
    }

    private static bool IsCopy(uint w)
    {
        var imm5 = (w >> 16) & 31;
        if ((imm5 & 15) == 0) return false;
        var size = BitOperations.TrailingZeroCount(imm5);
        if ((w & (1u << 29)) != 0) return Full(w);   // INS (element)
        return ((w >> 11) & 15) switch
        {
            0 => Full(w) || size != 3,                         // DUP (element)
            1 => Full(w) || size != 3,                         // DUP (general)
            3 => Full(w),                                      // INS (general)
            5 => size < (Full(w) ? 3 : 2),                     // SMOV
            7 => Full(w) ? size == 3 : size < 3,               // UMOV
            _ => false,
        };
    }

    private static void Copy(Cpu cpu, uint w)
    {
        var (esize, index) = ElementOf(w);
        var full = Full(w);
        if ((w & (1u << 29)) != 0)
        {
            var sourceIndex = (int)((w >> 11) & 15) >> (BitOperations.TrailingZeroCount((w >> 16) & 31));
            cpu.V[Rd(w)] = Set(cpu.V[Rd(w)], index, esize, Get(cpu.V[Rn(w)], sourceIndex, esize));
            return;
        }
        switch ((w >> 11) & 15)
        {
            case 0: cpu.V[Rd(w)] = Replicate(Get(cpu.V[Rn(w)], index, esize), esize, full); break;
            case 1: cpu.V[Rd(w)] = Replicate(cpu.X(Rn(w)), esize, full); break;
            case 3: cpu.V[Rd(w)] = Set(cpu.V[Rd(w)], index, esize, cpu.X(Rn(w))); break;
            case 5:
                var signed = (ulong)GetSigned(cpu.V[Rn(w)], index, esize);
                cpu.SetX(Rd(w), full ? signed : (uint)signed);
                break;
            default: cpu.SetX(Rd(w), Get(cpu.V[Rn(w)], index, esize)); break;
        }
    }

    // ---- modified immediate ----

    private static void ModifiedImmediate(Cpu cpu, uint w)
    {
        var full = Full(w);
        var op = (w >> 29) & 1;
        var cmode = (w >> 12) & 15;
        var imm8 = (ulong)((((w >> 16) & 7) << 5) | ((w >> 5) & 31));
        ulong imm64;
        if (cmode == 15)
        {
            // FMOV (vector, immediate): the same 8-bit float as scalar FMOV, replicated.
            imm64 = op == 0 ? (ulong)Replicate(ExpandFloat(imm8, false), 32, false) : ExpandFloat(imm8, true);
        }
        else if (cmode == 14 && op == 1)
        {
            imm64 = 0;
            for (var i = 0; i < 8; i++)
                if (((imm8 >> i) & 1) != 0) imm64 |= 0xffUL << (i * 8);
        }
        else
        {
            imm64 = (cmode >> 1) switch
            {
                0 => (ulong)Replicate(imm8, 32, false),
                1 => (ulong)Replicate(imm8 << 8, 32, false),
                2 => (ulong)Replicate(imm8 << 16, 32, false),
                3 => (ulong)Replicate(imm8 << 24, 32, false),
                4 => (ulong)Replicate(imm8, 16, false),
                5 => (ulong)Replicate(imm8 << 8, 16, false),
                6 => (ulong)Replicate((cmode & 1) == 0 ? (imm8 << 8) | 0xff : (imm8 << 16) | 0xffff, 32, false),
                _ => (ulong)Replicate(imm8, 8, false),
            };
            // MVNI and BIC use the inverted immediate (not for the 8-bit and 64-bit MOVI of cmode 111x).
            if (op == 1 && cmode < 14) imm64 = ~imm64;
        }
        var immediate = ((UInt128)imm64 << 64) | imm64;
        UInt128 result;
        var isOrrOrBic = cmode < 12 && (cmode & 1) == 1;
        if (!isOrrOrBic) result = immediate;
        else if (op == 0) result = cpu.V[Rd(w)] | immediate;
        else result = cpu.V[Rd(w)] & immediate;
        cpu.V[Rd(w)] = Sized(result, full);
    }

    private static ulong ExpandFloat(ulong imm8, bool isDouble)
    {
        var sign = imm8 >> 7;
        var b6 = (imm8 >> 6) & 1;
        var low = (imm8 >> 4) & 3;
        var fraction = imm8 & 15;
        return isDouble
            ? (sign << 63) | ((b6 ^ 1) << 62) | ((b6 != 0 ? 0xffUL : 0) << 54) | (low << 52) | (fraction << 48)
            : (sign << 31) | ((b6 ^ 1) << 30) | ((b6 != 0 ? 0x1fUL : 0) << 25) | (low << 23) | (fraction << 19);
    }

    // ---- shift by immediate ----

    private static bool IsShiftImmediate(uint w) => ((w >> 11) & 0x1f) switch
    {
        0x00 or 0x02 or 0x04 or 0x14 => true,
        0x0a or 0x08 => ((w >> 11) & 0x1f) == 0x0a || (w & (1u << 29)) != 0,
        0x10 or 0x11 => (w & (1u << 29)) == 0 && ((w >> 22) & 1) == 0,
        _ => false,
    };

    private static bool IsNarrowingOrLong(uint w) => ((w >> 11) & 0x1f) is 0x10 or 0x11 or 0x14;

    private static void ShiftImmediate(Cpu cpu, uint w, bool full, bool scalar)
    {
        var immh = (w >> 19) & 15;
        var shiftField = (int)((w >> 16) & 0x7f);
        var esize = scalar ? 64 : 8 << (31 - BitOperations.LeadingZeroCount(immh));
        var unsigned = (w & (1u << 29)) != 0;
        var opcode = (w >> 11) & 0x1f;
        var n = cpu.V[Rn(w)];
        var d = cpu.V[Rd(w)];
        var rightShift = 2 * esize - shiftField;
        var leftShift = shiftField - esize;
        UInt128 result = 0;
        if (opcode is 0x10 or 0x11)
        {
            // SHRN, RSHRN (and the 2 forms into the upper half): narrow esize from 2·esize elements.
            var count = 64 / esize;
            var offset = full ? count : 0;
            result = full ? (ulong)d : 0;
            for (var i = 0; i < count; i++)
            {
                var element = Get(n, i, esize * 2);
                var rounded = opcode == 0x11 ? (UInt128)element + (1UL << (rightShift - 1)) : element;
                result = Set(result, i + offset, esize, (ulong)(rounded >> rightShift));
            }
            cpu.V[Rd(w)] = result;
            return;
        }
        if (opcode == 0x14)
        {
            // SSHLL/USHLL (SXTL/UXTL): widen the low or high half, then shift left.
            var count = 64 / esize;
            var offset = full ? count : 0;
            for (var i = 0; i < count; i++)
                result = Set(result, i, esize * 2, Widen(n, i + offset, esize, unsigned) << leftShift);
            cpu.V[Rd(w)] = result;
            return;
        }
        var elements = scalar ? 1 : Elements(full, esize);
        for (var i = 0; i < elements; i++)
        {
            var a = Get(n, i, esize);
            var value = opcode switch
            {
                0x0a when !unsigned => a << leftShift,
                0x0a => leftShift == 0 ? a : (Get(d, i, esize) & (Mask(esize) >> (esize - leftShift))) | (a << leftShift),   // SLI
                0x08 => rightShift == esize ? Get(d, i, esize)
                    : (Get(d, i, esize) & ~(Mask(esize) >> rightShift)) | (a >> rightShift),          // SRI
                _ => ShiftRight(n, i, esize, rightShift, unsigned, opcode == 0x04) + (opcode == 0x02 ? Get(d, i, esize) : 0),
            };
            result = Set(result, i, esize, value);
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }

    private static ulong ShiftRight(UInt128 n, int i, int esize, int shift, bool unsigned, bool round)
    {
        Int128 value = unsigned ? Get(n, i, esize) : GetSigned(n, i, esize);
        if (round) value += (Int128)1 << (shift - 1);
        return (ulong)(value >> shift);
    }

    // ---- vector × indexed element ----

    private static bool IsIndexedElement(uint w)
    {
        var u = (w >> 29) & 1;
        var size = (w >> 22) & 3;
        var opcode = (w >> 12) & 15;
        if (size >= 2 && opcode is 1 or 5 or 9 && u == 0)
            return size == 2 || (((w >> 21) & 1) == 0 && Full(w));      // FMLA, FMLS, FMUL (single, double)
        if (size is 0 or 3) return false;
        return (u, opcode) switch
        {
            (0, 8) or (1, 0) or (1, 4) or (_, 2) or (_, 6) or (_, 10) => true,   // MUL, MLA, MLS, S/UMLAL, S/UMLSL, S/UMULL
            _ => false,
        };
    }

    private static void IndexedElement(Cpu cpu, uint w)
    {
        var full = Full(w);
        var size = (w >> 22) & 3;
        var opcode = (w >> 12) & 15;
        var unsigned = (w & (1u << 29)) != 0;
        var h = (int)((w >> 11) & 1);
        var l = (int)((w >> 21) & 1);
        var m = (int)((w >> 20) & 1);
        var esize = 8 << (int)size;
        // 16-bit elements index with H:L:M and reach only v0–v15; wider ones index with H:L (or H) and use M:Rm.
        var (index, register) = size == 1
            ? ((h << 2) | (l << 1) | m, (int)((w >> 16) & 15))
            : (size == 3 ? h : (h << 1) | l, (int)((w >> 16) & 31));
        var n = cpu.V[Rn(w)];
        var d = cpu.V[Rd(w)];
        var element = Get(cpu.V[register], index, esize);
        UInt128 result = 0;
        if (opcode is 1 or 5 or 9 && size >= 2)
        {
            var isDouble = size == 3;
            for (var i = 0; i < Elements(full, esize); i++)
            {
                var x = Get(n, i, esize);
                var value = opcode == 9
                    ? Fp.Binary(cpu, 0, x, element, isDouble)
                    : Fp.MultiplyAdd(cpu, Get(d, i, esize), x, element, opcode == 5, false, isDouble);
                result = Set(result, i, esize, value);
            }
            cpu.V[Rd(w)] = Sized(result, full);
            return;
        }
        if (opcode is 2 or 6 or 10)
        {
            // Long forms: the low or high half of n, widened; the element widened the same way.
            var count = 64 / esize;
            var wide = esize * 2;
            var b = unsigned ? element : (ulong)GetSigned(cpu.V[register], index, esize);
            for (var i = 0; i < count; i++)
            {
                var product = Widen(n, i + (full ? count : 0), esize, unsigned) * b;
                var accumulator = Get(d, i, wide);
                result = Set(result, i, wide, opcode switch { 2 => accumulator + product, 6 => accumulator - product, _ => product });
            }
            cpu.V[Rd(w)] = result;
            return;
        }
        for (var i = 0; i < Elements(full, esize); i++)
        {
            var product = Get(n, i, esize) * element;
            var accumulator = Get(d, i, esize);
            result = Set(result, i, esize, opcode switch { 8 => product, 0 => accumulator + product, _ => accumulator - product });
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }

    // ---- permute and table lookup ----

    private static void Permute(Cpu cpu, uint w)
    {
        var full = Full(w);
        var esize = ESize(w);
        var elements = Elements(full, esize);
        var pairs = elements / 2;
        var opcode = (w >> 12) & 7;
        var part = (int)(opcode >> 2);
        var n = cpu.V[Rn(w)];
        var m = cpu.V[Rm(w)];
        UInt128 result = 0;
        for (var i = 0; i < elements; i++)
        {
            var value = (opcode & 3) switch
            {
                1 => i < pairs ? Get(n, 2 * i + part, esize) : Get(m, 2 * (i - pairs) + part, esize),   // UZP
                2 => (i & 1) == 0 ? Get(n, i + part, esize) : Get(m, i - 1 + part, esize),              // TRN
                _ => (i & 1) == 0 ? Get(n, part * pairs + i / 2, esize) : Get(m, part * pairs + i / 2, esize), // ZIP
            };
            result = Set(result, i, esize, value);
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }

    private static void TableLookup(Cpu cpu, uint w)
    {
        var full = Full(w);
        var registers = (int)((w >> 13) & 3) + 1;
        var extension = (w & (1u << 12)) != 0;
        var indices = cpu.V[Rm(w)];
        var original = cpu.V[Rd(w)];
        UInt128 result = 0;
        for (var i = 0; i < (full ? 16 : 8); i++)
        {
            var index = (int)Get(indices, i, 8);
            ulong value;
            if (index < registers * 16) value = Get(cpu.V[(Rn(w) + index / 16) & 31], index % 16, 8);
            else value = extension ? Get(original, i, 8) : 0;
            result = Set(result, i, 8, value);
        }
        cpu.V[Rd(w)] = Sized(result, full);
    }
}
