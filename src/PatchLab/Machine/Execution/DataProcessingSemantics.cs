using System.Runtime.CompilerServices;
using System.Numerics;
using static PatchLab.Machine.Execution.Fields;

namespace PatchLab.Machine.Execution;

/// <summary>Integer data processing: immediate and register forms, conditional, multiply and divide, bit operations.</summary>
internal static class DataProcessingSemantics
{
    public static void Define(SemanticsBuilder s)
    {
        DefineImmediate(s);
        DefineRegister(s);
        DefineMultiplyDivide(s);
    }

    private static void DefineImmediate(SemanticsBuilder s)
    {
        s.Add("adr", "0 immlo:2 10000 immhi:19 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
            cpu.SetX(Rd(w), (cpu.Pc - 4) + (ulong)((Signed(w, 5, 19) << 2) | ((w >> 29) & 3))));
        s.Add("adrp", "1 immlo:2 10000 immhi:19 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
            cpu.SetX(Rd(w), ((cpu.Pc - 4) & ~0xfffUL) + (ulong)(((Signed(w, 5, 19) << 2) | ((w >> 29) & 3)) << 12)));

        s.Add("add/sub (immediate)", "sf op S 100010 sh imm12:12 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var imm = (ulong)((w >> 10) & 0xfff) << ((w & (1u << 22)) != 0 ? 12 : 0);
            var subtract = (w & (1u << 30)) != 0;
            var setFlags = (w & (1u << 29)) != 0;
            var result = AddWithCarry(cpu.XOrSp(Rn(w)), subtract ? ~imm : imm, subtract, is64, out var nzcv);
            result = Truncate(result, is64);
            if (setFlags)
            {
                cpu.Nzcv = nzcv;
                cpu.SetX(Rd(w), result);
            }
            else
            {
                cpu.SetXOrSp(Rd(w), result);
            }
        });

        s.Add("logical (immediate)", "sf opc:2 100100 N immr:6 imms:6 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            if (!DecodeBitMasks((w >> 22) & 1, (w >> 10) & 0x3f, (w >> 16) & 0x3f, true, is64 ? 64 : 32, out var imm, out _))
            {
                cpu.Machine.Undefined(cpu, w);
                return;
            }
            var x = Truncate(cpu.X(Rn(w)), is64);
            var opc = (w >> 29) & 3;
            var result = opc switch { 0 => x & imm, 1 => x | imm, 2 => x ^ imm, _ => x & imm };
            if (opc == 3)
            {
                cpu.Nzcv = LogicalFlags(result, is64);
                cpu.SetX(Rd(w), result);
            }
            else
            {
                cpu.SetXOrSp(Rd(w), result);
            }
        }, w => Sf(w) || (w & (1u << 22)) == 0);

        s.Add("move wide", "sf opc:2 100101 hw:2 imm16:16 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var shift = (int)((w >> 21) & 3) * 16;
            var imm = (ulong)((w >> 5) & 0xffff) << shift;
            var result = ((w >> 29) & 3) switch
            {
                0 => ~imm,
                2 => imm,
                _ => (cpu.X(Rd(w)) & ~(0xffffUL << shift)) | imm,
            };
            cpu.SetX(Rd(w), Truncate(result, is64));
        }, w => ((w >> 29) & 3) != 1 && (Sf(w) || (w & (1u << 22)) == 0));

        s.Add("bitfield", "sf opc:2 100110 N immr:6 imms:6 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var size = is64 ? 64 : 32;
            var r = (int)((w >> 16) & 0x3f);
            var sBits = (int)((w >> 10) & 0x3f);
            if (r >= size || sBits >= size)
            {
                cpu.Machine.Undefined(cpu, w);
                return;
            }
            // DecodeBitMasks with esize = the data size, in closed form: a field of s-r+1 bits from bit r
            // (UBFX, SBFX, BFXIL) when s >= r, else the low s+1 bits placed at bit size-r (UBFIZ, SBFIZ, BFI).
            var src = Truncate(cpu.X(Rn(w)), is64);
            var width = sBits >= r ? sBits - r + 1 : sBits + 1;
            var at = sBits >= r ? 0 : size - r;
            var field = ((sBits >= r ? src >> r : src) & Ones(width)) << at;
            var fieldMask = Ones(width) << at;
            var result = ((w >> 29) & 3) switch
            {
                0 => (ulong)((long)(field << (64 - at - width)) >> (64 - at - width)),     // SBFM: sign-extend from the field's top bit
                1 => (cpu.X(Rd(w)) & ~fieldMask) | field,                                // BFM: the rest of Rd unchanged
                _ => field,                                                              // UBFM
            };
            cpu.SetX(Rd(w), Truncate(result, is64));
        }, w => ((w >> 29) & 3) != 3 && Sf(w) == ((w & (1u << 22)) != 0));

        s.Add("extr", "sf 00 100111 N 0 Rm:5 imms:6 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var lsb = (int)((w >> 10) & 0x3f);
            var hi = Truncate(cpu.X(Rn(w)), is64);
            var lo = Truncate(cpu.X(Rm(w)), is64);
            ulong result = is64
                ? (lsb == 0 ? lo : (lo >> lsb) | (hi << (64 - lsb)))
                : (lsb == 0 ? lo : (uint)((lo >> lsb) | (hi << (32 - lsb))));
            cpu.SetX(Rd(w), result);
        }, w => Sf(w) == ((w & (1u << 22)) != 0) && (Sf(w) || (w & (1u << 15)) == 0));
    }

    private static void DefineRegister(SemanticsBuilder s)
    {
        s.Add("logical (shifted register)", "sf opc:2 01010 shift:2 N Rm:5 imm6:6 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var operand = Shift(cpu.X(Rm(w)), (int)((w >> 22) & 3), (int)((w >> 10) & 0x3f), is64);
            if ((w & (1u << 21)) != 0) operand = Truncate(~operand, is64);
            var x = Truncate(cpu.X(Rn(w)), is64);
            var opc = (w >> 29) & 3;
            var result = opc switch { 0 => x & operand, 1 => x | operand, 2 => x ^ operand, _ => x & operand };
            if (opc == 3) cpu.Nzcv = LogicalFlags(result, is64);
            cpu.SetX(Rd(w), result);
        }, w => Sf(w) || (w & (1u << 15)) == 0);

        s.Add("add/sub (shifted register)", "sf op S 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var operand = Shift(cpu.X(Rm(w)), (int)((w >> 22) & 3), (int)((w >> 10) & 0x3f), is64);
            AddSub(cpu, w, cpu.X(Rn(w)), operand, is64, toSp: false);
        }, w => ((w >> 22) & 3) != 3 && (Sf(w) || (w & (1u << 15)) == 0));

        s.Add("add/sub (extended register)", "sf op S 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var operand = Extend(cpu.X(Rm(w)), (int)((w >> 13) & 7), (int)((w >> 10) & 7), is64);
            AddSub(cpu, w, cpu.XOrSp(Rn(w)), operand, is64, toSp: (w & (1u << 29)) == 0);
        }, w => ((w >> 10) & 7) <= 4);

        s.Add("adc/sbc", "sf op S 11010000 Rm:5 000000 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var subtract = (w & (1u << 30)) != 0;
            var y = cpu.X(Rm(w));
            var result = Truncate(AddWithCarry(cpu.X(Rn(w)), subtract ? ~y : y, cpu.C, is64, out var nzcv), is64);
            if ((w & (1u << 29)) != 0) cpu.Nzcv = nzcv;
            cpu.SetX(Rd(w), result);
        });

        s.Add("conditional compare", "sf op 1 11010010 Rm:5 cond:4 i 0 Rn:5 0 nzcv:4", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            if (!cpu.ConditionHolds((w >> 12) & 15))
            {
                cpu.Nzcv = (w & 15) << 28;
                return;
            }
            var y = (w & (1u << 11)) != 0 ? (w >> 16) & 31 : cpu.X(Rm(w));
            var subtract = (w & (1u << 30)) != 0;
            AddWithCarry(cpu.X(Rn(w)), subtract ? ~y : y, subtract, is64, out var nzcv);
            cpu.Nzcv = nzcv;
        });

        s.Add("conditional select", "sf op 0 11010100 Rm:5 cond:4 0 o2 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            ulong result;
            if (cpu.ConditionHolds((w >> 12) & 15))
            {
                result = cpu.X(Rn(w));
            }
            else
            {
                result = cpu.X(Rm(w));
                if ((w & (1u << 30)) != 0) result = ~result;
                if ((w & (1u << 10)) != 0) result++;
            }
            cpu.SetX(Rd(w), Truncate(result, is64));
        });

        s.Add("data processing (1 source)", "sf 1 0 11010110 00000 0000 opc:2 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var x = Truncate(cpu.X(Rn(w)), is64);
            var result = ((w >> 10) & 3) switch
            {
                0 => is64 ? ReverseBits(x) : ReverseBits(x) >> 32,
                1 => ReverseBytesInGroups(x, 2, is64),
                2 => ReverseBytesInGroups(x, 4, is64),
                _ => ReverseBytesInGroups(x, 8, true),
            };
            cpu.SetX(Rd(w), Truncate(result, is64));
        }, w => Sf(w) || ((w >> 10) & 3) != 3);

        s.Add("clz/cls", "sf 1 0 11010110 00000 00010 op Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var x = cpu.X(Rn(w));
            int count;
            if ((w & (1u << 10)) == 0)
                count = is64 ? BitOperations.LeadingZeroCount(x) : BitOperations.LeadingZeroCount((uint)x);
            else if (is64)
                count = BitOperations.LeadingZeroCount((x ^ (x << 1)) | 1);
            else
                count = BitOperations.LeadingZeroCount(((uint)x ^ ((uint)x << 1)) | 1);
            cpu.SetX(Rd(w), (ulong)count);
        });

        s.Add("shift (register)", "sf 0 0 11010110 Rm:5 0010 op2:2 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var amount = (int)(cpu.X(Rm(w)) % (is64 ? 64UL : 32UL));
            cpu.SetX(Rd(w), Shift(cpu.X(Rn(w)), (int)((w >> 10) & 3), amount, is64));
        });

        s.Add("udiv/sdiv", "sf 0 0 11010110 Rm:5 00001 o1 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var signed = (w & (1u << 10)) != 0;
            ulong result;
            if (is64)
            {
                var n = cpu.X(Rn(w));
                var m = cpu.X(Rm(w));
                result = m == 0 ? 0
                    : signed ? ((long)n == long.MinValue && (long)m == -1 ? n : (ulong)((long)n / (long)m))
                    : n / m;
            }
            else
            {
                var n = (uint)cpu.X(Rn(w));
                var m = (uint)cpu.X(Rm(w));
                result = m == 0 ? 0
                    : signed ? ((int)n == int.MinValue && (int)m == -1 ? n : (uint)((int)n / (int)m))
                    : n / m;
            }
            cpu.SetX(Rd(w), result);
        });
        s.Add("crc32", "sf 0 0 11010110 Rm:5 010 C sz:2 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var bytes = 1 << (int)((w >> 10) & 3);
            var polynomial = (w & (1u << 12)) != 0 ? 0x82F6_3B78u : 0xEDB8_8320u;
            var crc = (uint)cpu.X(Rn(w));
            var data = cpu.X(Rm(w));
            for (var i = 0; i < bytes * 8; i++)
            {
                var bit = (crc ^ (uint)(data >> i)) & 1;
                crc = (crc >> 1) ^ (bit != 0 ? polynomial : 0);
            }
            cpu.SetX(Rd(w), crc);
        }, w => Sf(w) == (((w >> 10) & 3) == 3));
    }

    private static void DefineMultiplyDivide(SemanticsBuilder s)
    {
        s.Add("madd/msub", "sf 00 11011 000 Rm:5 o0 Ra:5 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var is64 = Sf(w);
            var product = cpu.X(Rn(w)) * cpu.X(Rm(w));
            var a = cpu.X(Ra(w));
            cpu.SetX(Rd(w), Truncate((w & (1u << 15)) != 0 ? a - product : a + product, is64));
        });
        s.Add("smaddl/smsubl/umaddl/umsubl", "1 00 11011 U 01 Rm:5 o0 Ra:5 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var unsigned = (w & (1u << 23)) != 0;
            var n = unsigned ? (ulong)(uint)cpu.X(Rn(w)) : (ulong)(long)(int)cpu.X(Rn(w));
            var m = unsigned ? (ulong)(uint)cpu.X(Rm(w)) : (ulong)(long)(int)cpu.X(Rm(w));
            var a = cpu.X(Ra(w));
            cpu.SetX(Rd(w), (w & (1u << 15)) != 0 ? a - n * m : a + n * m);
        });
        s.Add("smulh/umulh", "1 00 11011 U 10 Rm:5 0 Ra:5 Rn:5 Rd:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            var n = cpu.X(Rn(w));
            var m = cpu.X(Rm(w));
            var high = (w & (1u << 23)) != 0
                ? (ulong)(((UInt128)n * m) >> 64)
                : (ulong)(((Int128)(long)n * (long)m) >> 64);
            cpu.SetX(Rd(w), high);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSub(Cpu cpu, uint w, ulong x, ulong y, bool is64, bool toSp)
    {
        var subtract = (w & (1u << 30)) != 0;
        var result = Truncate(AddWithCarry(x, subtract ? ~y : y, subtract, is64, out var nzcv), is64);
        if ((w & (1u << 29)) != 0) cpu.Nzcv = nzcv;
        if (toSp) cpu.SetXOrSp(Rd(w), result);
        else cpu.SetX(Rd(w), result);
    }

    private static ulong ReverseBits(ulong x)
    {
        var r = 0UL;
        for (var i = 0; i < 64; i++)
        {
            r = (r << 1) | (x & 1);
            x >>= 1;
        }
        return r;
    }

    /// <summary>REV16/REV32/REV: reverse the bytes within each group of <paramref name="groupBytes"/>.</summary>
    private static ulong ReverseBytesInGroups(ulong x, int groupBytes, bool is64)
    {
        var size = is64 ? 8 : 4;
        var r = 0UL;
        for (var g = 0; g < size; g += groupBytes)
            for (var i = 0; i < groupBytes; i++)
                r |= ((x >> ((g + i) * 8)) & 0xff) << ((g + groupBytes - 1 - i) * 8);
        return r;
    }
}
