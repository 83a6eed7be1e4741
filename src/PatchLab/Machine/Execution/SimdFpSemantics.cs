using static PatchLab.Machine.Execution.Fields;

namespace PatchLab.Machine.Execution;

/// <summary>
/// SIMD&amp;FP register loads and stores, FMOV, conversions between FP and integers, and scalar FP arithmetic in single
/// and double precision, with the Arm ARM's NaN rules (signalling NaNs first, then quiet ones; the default NaN for
/// invalid operations and under FPCR.DN) and rounding to nearest.
/// </summary>
internal static class SimdFpSemantics
{
    public static void Define(SemanticsBuilder s)
    {
        DefineLoadsStores(s);
        DefineConversions(s);
        DefineArithmetic(s);
    }

    // ---- registers ----

    private static ulong D(Cpu cpu, int n) => (ulong)cpu.V[n];

    /// <summary>Writes a scalar of <paramref name="bytes"/> bytes, clearing the rest of the register.</summary>
    private static void SetScalar(Cpu cpu, int n, ulong value, int bytes) =>
        cpu.V[n] = bytes == 8 ? value : value & ((1UL << (bytes * 8)) - 1);

    // ---- loads and stores ----

    private static void DefineLoadsStores(SemanticsBuilder s)
    {
        s.Add("ldr/str simd&fp (unsigned offset)", "size:2 111 1 01 opc:2 imm12:12 Rn:5 Rt:5", (cpu, w) =>
        {
            var scale = AccessScale(w);
            Transfer(cpu, w, cpu.XOrSp(Rn(w)) + (((w >> 10) & 0xfff) << scale), scale);
        }, IsSizedAccess);
        s.Add("ldur/stur simd&fp, pre/post-index", "size:2 111 1 00 opc:2 0 imm9:9 mode:2 Rn:5 Rt:5", (cpu, w) =>
        {
            var mode = (w >> 10) & 3;
            var offset = (ulong)Signed(w, 12, 9);
            var n = Rn(w);
            var baseAddress = cpu.XOrSp(n);
            Transfer(cpu, w, mode == 1 ? baseAddress : baseAddress + offset, AccessScale(w));
            if (mode != 0) cpu.SetXOrSp(n, baseAddress + offset);
        }, w => IsSizedAccess(w) && ((w >> 10) & 3) != 2);
        s.Add("ldr/str simd&fp (register offset)", "size:2 111 1 00 opc:2 1 Rm:5 option:3 S 10 Rn:5 Rt:5", (cpu, w) =>
        {
            var scale = AccessScale(w);
            var shift = (w & (1u << 12)) != 0 ? scale : 0;
            Transfer(cpu, w, cpu.XOrSp(Rn(w)) + Extend(cpu.X(Rm(w)), (int)((w >> 13) & 7), shift, true), scale);
        }, w => IsSizedAccess(w) && ((w >> 13) & 2) != 0);
        s.Add("ldr simd&fp (literal)", "opc:2 011 1 00 imm19:19 Rt:5", (cpu, w) =>
        {
            var address = (cpu.Pc - 4) + (ulong)(Signed(w, 5, 19) << 2);
            LoadVector(cpu, Rt(w), address, 2 + (int)(w >> 30));
        }, w => (w >> 30) != 3);
        s.Add("ldp/stp simd&fp", "opc:2 101 1 0 mode:2 L imm7:7 Rt2:5 Rn:5 Rt:5", (cpu, w) =>
        {
            var scale = 2 + (int)(w >> 30);
            var size = 1UL << scale;
            var mode = (w >> 23) & 3;
            var offset = (ulong)(Signed(w, 15, 7) << scale);
            var n = Rn(w);
            var baseAddress = cpu.XOrSp(n);
            var address = mode == 1 ? baseAddress : baseAddress + offset;
            if ((w & (1u << 22)) != 0)
            {
                LoadVector(cpu, Rt(w), address, scale);
                LoadVector(cpu, Rt2(w), address + size, scale);
            }
            else
            {
                StoreVector(cpu, Rt(w), address, scale);
                StoreVector(cpu, Rt2(w), address + size, scale);
            }
            if (mode is 1 or 3) cpu.SetXOrSp(n, baseAddress + offset);
        }, w => (w >> 30) != 3);

        s.Add("ld1-4/st1-4 (multiple structures)", "0 Q 0011000 L 000000 opcode:4 size:2 Rn:5 Rt:5", (cpu, w) =>
            MultipleStructures(cpu, w, false), IsMultipleStructures);
        s.Add("ld1-4/st1-4 (multiple structures, post-index)", "0 Q 0011001 L 0 Rm:5 opcode:4 size:2 Rn:5 Rt:5", (cpu, w) =>
            MultipleStructures(cpu, w, true), IsMultipleStructures);
        s.Add("ld1r", "0 Q 0011010 1 0 00000 110 0 size:2 Rn:5 Rt:5", (cpu, w) => LoadReplicate(cpu, w, false));
        s.Add("ld1r (post-index)", "0 Q 0011011 1 0 Rm:5 110 0 size:2 Rn:5 Rt:5", (cpu, w) => LoadReplicate(cpu, w, true));
    }

    /// <summary>log2 of the access size: size, plus 4 for the Q forms (size 00, opc 1x).</summary>
    private static int AccessScale(uint w) => ((w >> 23) & 1) != 0 ? 4 : (int)(w >> 30);

    private static bool IsSizedAccess(uint w) => ((w >> 23) & 1) == 0 || (w >> 30) == 0;

    private static void Transfer(Cpu cpu, uint w, ulong address, int scale)
    {
        if ((w & (1u << 22)) != 0) LoadVector(cpu, Rt(w), address, scale);
        else StoreVector(cpu, Rt(w), address, scale);
    }

    private static void LoadVector(Cpu cpu, int t, ulong address, int scale)
    {
        if (scale == 4)
            cpu.V[t] = ((UInt128)cpu.Load(address + 8, 8) << 64) | cpu.Load(address, 8);
        else
            cpu.V[t] = cpu.Load(address, 1 << scale);
    }

    private static void StoreVector(Cpu cpu, int t, ulong address, int scale)
    {
        var value = cpu.V[t];
        if (scale == 4)
        {
            cpu.Store(address, 8, (ulong)value);
            cpu.Store(address + 8, 8, (ulong)(value >> 64));
        }
        else
        {
            cpu.Store(address, 1 << scale, (ulong)value);
        }
    }

    /// <summary>LD1–LD4/ST1–ST4 (multiple structures): opcode 0000 LD4, 0010 LD1×4, 0100 LD3, 0110 LD1×3, 0111 LD1, 1000 LD2, 1010 LD1×2.</summary>
    private static bool IsMultipleStructures(uint w) =>
        ((w >> 12) & 15) is 0 or 2 or 4 or 6 or 7 or 8 or 10 && (((w >> 12) & 15) is 2 or 6 or 7 or 10 || (w & (1u << 30)) != 0 || ((w >> 10) & 3) != 3);

    private static void MultipleStructures(Cpu cpu, uint w, bool postIndex)
    {
        var (repeats, structure) = ((w >> 12) & 15) switch
        {
            0 => (1, 4), 2 => (4, 1), 4 => (1, 3), 6 => (3, 1), 7 => (1, 1), 8 => (1, 2), _ => (2, 1),
        };
        var esize = 8 << (int)((w >> 10) & 3);
        var ebytes = esize / 8;
        var elements = ((w & (1u << 30)) != 0 ? 128 : 64) / esize;
        var n = Rn(w);
        var start = cpu.XOrSp(n);
        var address = start;
        var load = (w & (1u << 22)) != 0;
        for (var r = 0; r < repeats; r++)
        {
            if (load)
                for (var s = 0; s < structure; s++) cpu.V[(Rt(w) + r + s) & 31] = 0;
            for (var e = 0; e < elements; e++)
            {
                for (var s = 0; s < structure; s++)
                {
                    var t = (Rt(w) + r + s) & 31;
                    if (load) cpu.V[t] = Vector.Set(cpu.V[t], e, esize, cpu.Load(address, ebytes));
                    else cpu.Store(address, ebytes, Vector.Get(cpu.V[t], e, esize));
                    address += (ulong)ebytes;
                }
            }
        }
        if (postIndex) PostIndex(cpu, w, n, start, address - start);
    }

    private static void LoadReplicate(Cpu cpu, uint w, bool postIndex)
    {
        var esize = 8 << (int)((w >> 10) & 3);
        var n = Rn(w);
        var address = cpu.XOrSp(n);
        var element = cpu.Load(address, esize / 8);
        cpu.V[Rt(w)] = Vector.Replicate(element, esize, (w & (1u << 30)) != 0);
        if (postIndex) PostIndex(cpu, w, n, address, (ulong)(esize / 8));
    }

    /// <summary>Rm = 31 adds the transfer size; any other Rm adds that register.</summary>
    private static void PostIndex(Cpu cpu, uint w, int n, ulong address, ulong size) =>
        cpu.SetXOrSp(n, address + (Rm(w) == 31 ? size : cpu.X(Rm(w))));

    // ---- FMOV and conversions ----

    private static void DefineConversions(SemanticsBuilder s)
    {
        s.Add("fp <-> integer conversions", "sf 0 0 11110 ftype:2 1 rmode:2 opcode:3 000000 Rn:5 Rd:5", ConvertInteger,
            IsSupportedIntegerConversion);
        s.Add("fp <-> fixed-point conversions", "sf 0 0 11110 ftype:2 0 rmode:2 opcode:3 scale:6 Rn:5 Rd:5", (cpu, w) =>
        {
            var is64 = Sf(w);
            var isDouble = IsDouble(w);
            var fractionBits = 64 - (int)((w >> 10) & 0x3f);
            var unsigned = ((w >> 16) & 1) != 0;
            if (((w >> 19) & 3) == 3)
            {
                // FCVTZS/FCVTZU (fixed-point): scale up by 2^fbits (exact), then convert toward zero.
                var value = Fp.ToDouble(D(cpu, Rn(w)), isDouble) * Math.Pow(2, fractionBits);
                cpu.SetX(Rd(w), Fp.ToInteger(value, Fp.Rounding.Zero, unsigned, is64));
                return;
            }
            // SCVTF/UCVTF (fixed-point): round the integer once, then scale down by 2^fbits (exact).
            var x = cpu.X(Rn(w));
            var scale = Math.Pow(2, -fractionBits);
            if (isDouble)
            {
                var integer = unsigned ? (is64 ? x : (uint)x) : (double)(is64 ? (long)x : (int)x);
                SetScalar(cpu, Rd(w), (ulong)BitConverter.DoubleToInt64Bits(integer * scale), 8);
            }
            else
            {
                var integer = unsigned ? (is64 ? x : (uint)x) : (float)(is64 ? (long)x : (int)x);
                SetScalar(cpu, Rd(w), (uint)BitConverter.SingleToInt32Bits(integer * (float)scale), 4);
            }
        }, w => IsSingleOrDouble(w) && (Sf(w) || ((w >> 15) & 1) != 0)
            && (((w >> 19) & 3) == 3 ? ((w >> 17) & 3) == 0 : ((w >> 19) & 3) == 0 && ((w >> 17) & 3) == 1));
        s.Add("fmov (immediate)", "0 0 0 11110 ftype:2 1 imm8:8 100 00000 Rd:5", (cpu, w) =>
        {
            var imm8 = (w >> 13) & 0xff;
            var sign = (ulong)(imm8 >> 7);
            var exponentLow = (imm8 >> 4) & 3;
            var notB6 = ((imm8 >> 6) & 1) ^ 1;
            var fraction = (ulong)(imm8 & 15);
            if (IsDouble(w))
            {
                var exponent = (notB6 << 10) | ((((imm8 >> 6) & 1) != 0 ? 0xffu : 0) << 2) | exponentLow;
                SetScalar(cpu, Rd(w), (sign << 63) | ((ulong)exponent << 52) | (fraction << 48), 8);
            }
            else
            {
                var exponent = (notB6 << 7) | ((((imm8 >> 6) & 1) != 0 ? 0x1fu : 0) << 2) | exponentLow;
                SetScalar(cpu, Rd(w), (sign << 31) | ((ulong)exponent << 23) | (fraction << 19), 4);
            }
        }, IsSingleOrDouble);
    }

    private static bool IsDouble(uint w) => ((w >> 22) & 3) == 1;

    private static bool IsSingleOrDouble(uint w) => ((w >> 22) & 3) < 2;

    private static bool IsSupportedIntegerConversion(uint w)
    {
        var ftype = (w >> 22) & 3;
        var rmode = (w >> 19) & 3;
        var opcode = (w >> 16) & 7;
        if (opcode >= 6) return rmode == 0 ? ftype == (Sf(w) ? 1u : 0u) : ftype == 2 && rmode == 1 && Sf(w);
        return ftype < 2 && (opcode < 2 || rmode == 0);
    }

    private static void ConvertInteger(Cpu cpu, uint w)
    {
        var is64 = Sf(w);
        var opcode = (w >> 16) & 7;
        var rmode = (int)((w >> 19) & 3);
        var isDouble = IsDouble(w);
        switch (opcode)
        {
            case 6 when ((w >> 22) & 3) == 2:
                cpu.SetX(Rd(w), (ulong)(cpu.V[Rn(w)] >> 64));
                return;
            case 7 when ((w >> 22) & 3) == 2:
                cpu.V[Rd(w)] = (cpu.V[Rd(w)] & ulong.MaxValue) | ((UInt128)cpu.X(Rn(w)) << 64);
                return;
            case 6:
                cpu.SetX(Rd(w), is64 ? D(cpu, Rn(w)) : (uint)D(cpu, Rn(w)));
                return;
            case 7:
                SetScalar(cpu, Rd(w), cpu.X(Rn(w)), is64 ? 8 : 4);
                return;
            case 2:
            case 3:
            {
                var x = cpu.X(Rn(w));
                double value;
                float single;
                if (opcode == 2)
                {
                    var signed = is64 ? (long)x : (int)x;
                    value = signed;
                    single = signed;
                }
                else
                {
                    var unsigned = is64 ? x : (uint)x;
                    value = unsigned;
                    single = unsigned;
                }
                if (isDouble) SetScalar(cpu, Rd(w), (ulong)BitConverter.DoubleToInt64Bits(value), 8);
                else SetScalar(cpu, Rd(w), (uint)BitConverter.SingleToInt32Bits(single), 4);
                return;
            }
            default:
            {
                // FCVT{N,P,M,Z}{S,U} by rmode, FCVTA{S,U} for opcode 4/5.
                var value = Fp.ToDouble(D(cpu, Rn(w)), isDouble);
                var rounding = opcode >= 4 ? Fp.Rounding.TiesAway : (Fp.Rounding)rmode;
                var unsigned = (opcode & 1) != 0;
                cpu.SetX(Rd(w), Fp.ToInteger(value, rounding, unsigned, is64));
                return;
            }
        }
    }

    // ---- scalar arithmetic ----

    private static void DefineArithmetic(SemanticsBuilder s)
    {
        s.Add("fp data processing (1 source)", "0 0 0 11110 ftype:2 1 opcode:6 10000 Rn:5 Rd:5", OneSource, w =>
        {
            var opcode = (w >> 15) & 0x3f;
            return IsSingleOrDouble(w) && (opcode <= 5 || opcode is >= 8 and <= 19 and not 13);
        });
        s.Add("fp data processing (2 source)", "0 0 0 11110 ftype:2 1 Rm:5 opcode:4 10 Rn:5 Rd:5", (cpu, w) =>
        {
            var isDouble = IsDouble(w);
            var a = D(cpu, Rn(w));
            var b = D(cpu, Rm(w));
            var result = Fp.Binary(cpu, (int)((w >> 12) & 15), a, b, isDouble);
            SetScalar(cpu, Rd(w), result, isDouble ? 8 : 4);
        }, w => IsSingleOrDouble(w) && ((w >> 12) & 15) <= 8);
        s.Add("fp data processing (3 source)", "0 0 0 11111 ftype:2 o1 Rm:5 o0 Ra:5 Rn:5 Rd:5", (cpu, w) =>
        {
            var isDouble = IsDouble(w);
            var negateProduct = ((w >> 15) & 1) != ((w >> 21) & 1);
            var negateAddend = ((w >> 21) & 1) != 0;
            var result = Fp.MultiplyAdd(cpu, D(cpu, Ra(w)), D(cpu, Rn(w)), D(cpu, Rm(w)), negateProduct, negateAddend, isDouble);
            SetScalar(cpu, Rd(w), result, isDouble ? 8 : 4);
        }, IsSingleOrDouble);
        s.Add("fcmp/fcmpe", "0 0 0 11110 ftype:2 1 Rm:5 00 1000 Rn:5 opcode2:5", (cpu, w) =>
        {
            var isDouble = IsDouble(w);
            var b = (w & 8) != 0 ? 0UL : D(cpu, Rm(w));
            cpu.Nzcv = Fp.Compare(D(cpu, Rn(w)), b, isDouble);
        }, w => IsSingleOrDouble(w) && (w & 7) == 0);
        s.Add("fccmp/fccmpe", "0 0 0 11110 ftype:2 1 Rm:5 cond:4 01 Rn:5 op nzcv:4", (cpu, w) =>
        {
            cpu.Nzcv = cpu.ConditionHolds((w >> 12) & 15)
                ? Fp.Compare(D(cpu, Rn(w)), D(cpu, Rm(w)), IsDouble(w))
                : (w & 15) << 28;
        }, IsSingleOrDouble);
        s.Add("fcsel", "0 0 0 11110 ftype:2 1 Rm:5 cond:4 11 Rn:5 Rd:5", (cpu, w) =>
        {
            var source = cpu.ConditionHolds((w >> 12) & 15) ? Rn(w) : Rm(w);
            SetScalar(cpu, Rd(w), D(cpu, source), IsDouble(w) ? 8 : 4);
        }, IsSingleOrDouble);
    }

    private static void OneSource(Cpu cpu, uint w)
    {
        var isDouble = IsDouble(w);
        var bytes = isDouble ? 8 : 4;
        var a = D(cpu, Rn(w));
        var opcode = (w >> 15) & 0x3f;
        var sign = isDouble ? 1UL << 63 : 1UL << 31;
        switch (opcode)
        {
            case 0: SetScalar(cpu, Rd(w), a, bytes); break;
            case 1: SetScalar(cpu, Rd(w), a & ~sign, bytes); break;
            case 2: SetScalar(cpu, Rd(w), a ^ sign, bytes); break;
            case 3: SetScalar(cpu, Rd(w), Fp.SquareRoot(cpu, a, isDouble), bytes); break;
            case 4: SetScalar(cpu, Rd(w), Fp.Convert(cpu, a, isDouble, toDouble: false), 4); break;
            case 5: SetScalar(cpu, Rd(w), Fp.Convert(cpu, a, isDouble, toDouble: true), 8); break;
            case >= 16:
                // FRINT32Z, FRINT32X, FRINT64Z, FRINT64X.
                var zero = (opcode & 1) == 0 ? Fp.Rounding.Zero : Fp.Rounding.Nearest;
                SetScalar(cpu, Rd(w), Fp.RoundToSizedIntegral(a, zero, opcode >= 18 ? 64 : 32, isDouble), bytes);
                break;
            default:
                // FRINTN, P, M, Z, A, (reserved), X, I: X and I use FPCR's mode, which is round to nearest here.
                var rounding = opcode switch
                {
                    9 => Fp.Rounding.PlusInfinity,
                    10 => Fp.Rounding.MinusInfinity,
                    11 => Fp.Rounding.Zero,
                    12 => Fp.Rounding.TiesAway,
                    _ => Fp.Rounding.Nearest,
                };
                SetScalar(cpu, Rd(w), Fp.RoundToIntegral(cpu, a, rounding, isDouble), bytes);
                break;
        }
    }
}
