using System.Runtime.CompilerServices;
using static PatchLab.Machine.Execution.Fields;

namespace PatchLab.Machine.Execution;

/// <summary>Loads and stores of general-purpose registers: single registers, pairs, literals, exclusives, LSE atomics.</summary>
internal static class LoadStoreSemantics
{
    public static void Define(SemanticsBuilder s)
    {
        s.Add("ldr/str (unsigned offset)", "size:2 111 0 01 opc:2 imm12:12 Rn:5 Rt:5", [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cpu, w) =>
        {
            var size = (int)(w >> 30);
            var address = cpu.XOrSp(Rn(w)) + (((w >> 10) & 0xfff) << size);
            Transfer(cpu, w, address);
        }, IsAllocatedSingle);
        s.Add("ldur/stur, pre/post-index, ldtr/sttr", "size:2 111 0 00 opc:2 0 imm9:9 mode:2 Rn:5 Rt:5", [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cpu, w) =>
        {
            var mode = (w >> 10) & 3;
            var offset = (ulong)Signed(w, 12, 9);
            var n = Rn(w);
            var baseAddress = cpu.XOrSp(n);
            var address = mode == 1 ? baseAddress : baseAddress + offset;
            Transfer(cpu, w, address);
            if (mode is 1 or 3) cpu.SetXOrSp(n, baseAddress + offset);
        }, w => IsAllocatedSingle(w) && !(((w >> 10) & 3) != 0 && IsPrefetch(w)));
        s.Add("ldr/str (register offset)", "size:2 111 0 00 opc:2 1 Rm:5 option:3 S 10 Rn:5 Rt:5", [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cpu, w) =>
        {
            var size = (int)(w >> 30);
            var shift = (w & (1u << 12)) != 0 ? size : 0;
            var address = cpu.XOrSp(Rn(w)) + Extend(cpu.X(Rm(w)), (int)((w >> 13) & 7), shift, true);
            Transfer(cpu, w, address);
        }, w => IsAllocatedSingle(w) && ((w >> 13) & 2) != 0);
        s.Add("ldr (literal)", "opc:2 011 0 00 imm19:19 Rt:5", [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cpu, w) =>
        {
            var address = (cpu.Pc - 4) + (ulong)(Signed(w, 5, 19) << 2);
            switch (w >> 30)
            {
                case 0: cpu.SetX(Rt(w), cpu.Load(address, 4)); break;
                case 1: cpu.SetX(Rt(w), cpu.Load(address, 8)); break;
                case 2: cpu.SetX(Rt(w), (ulong)(long)(int)cpu.Load(address, 4)); break;
            }
        });
        s.Add("ldp/stp", "opc:2 101 0 0 mode:2 L imm7:7 Rt2:5 Rn:5 Rt:5", [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cpu, w) =>
        {
            var opc = w >> 30;
            var load = (w & (1u << 22)) != 0;
            var size = opc == 2 ? 8 : 4;
            var mode = (w >> 23) & 3;
            var offset = (ulong)(Signed(w, 15, 7) * size);
            var n = Rn(w);
            var baseAddress = cpu.XOrSp(n);
            var address = mode == 1 ? baseAddress : baseAddress + offset;
            if (load)
            {
                var first = cpu.Load(address, size);
                var second = cpu.Load(address + (ulong)size, size);
                if (opc == 1)
                {
                    first = (ulong)(long)(int)first;
                    second = (ulong)(long)(int)second;
                }
                cpu.SetX(Rt(w), first);
                cpu.SetX(Rt2(w), second);
            }
            else
            {
                cpu.Store(address, size, cpu.X(Rt(w)));
                cpu.Store(address + (ulong)size, size, cpu.X(Rt2(w)));
            }
            if (mode is 1 or 3) cpu.SetXOrSp(n, baseAddress + offset);
        }, w => (w >> 30) != 3 && ((w >> 30) != 1 || (w & (1u << 22)) != 0) && (((w >> 23) & 3) != 0 || (w >> 30) != 1));

        // o1 = 1 is a pair only for 32/64-bit exclusives; the other combinations are CAS and CASP.
        s.Add("exclusive and ordered", "size:2 001000 o2 L o1 Rs:5 o0 Rt2:5 Rn:5 Rt:5", ExclusiveOrOrdered,
            w => ((w >> 21) & 1) == 0 || (((w >> 23) & 1) == 0 && (w >> 31) == 1));
        s.Add("lse atomic memory operation", "size:2 111 0 00 A R 1 Rs:5 o3 opc:3 00 Rn:5 Rt:5", AtomicMemoryOperation,
            w => ((w >> 15) & 1) == 0 ? true : ((w >> 12) & 7) == 0);
        s.Add("cas", "size:2 001000 1 L 1 Rs:5 o0 11111 Rn:5 Rt:5", [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cpu, w) =>
        {
            var size = 1 << (int)(w >> 30);
            var address = cpu.XOrSp(Rn(w));
            var compare = Truncate(cpu.X(Rs(w)), size * 8);
            var old = cpu.Load(address, size);
            if (old == compare) cpu.Store(address, size, cpu.X(Rt(w)));
            cpu.SetX(Rs(w), old);
        });
        s.Add("casp", "0 sz 001000 0 L 1 Rs:5 o0 11111 Rn:5 Rt:5", [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cpu, w) =>
        {
            var size = (w & (1u << 30)) != 0 ? 8 : 4;
            var bits = size * 8;
            var address = cpu.XOrSp(Rn(w));
            var s0 = Rs(w);
            var t0 = Rt(w);
            var old0 = cpu.Load(address, size);
            var old1 = cpu.Load(address + (ulong)size, size);
            if (old0 == Truncate(cpu.X(s0), bits) && old1 == Truncate(cpu.X(s0 + 1), bits))
            {
                cpu.Store(address, size, cpu.X(t0));
                cpu.Store(address + (ulong)size, size, cpu.X(t0 + 1));
            }
            cpu.SetX(s0, old0);
            cpu.SetX(s0 + 1, old1);
        }, w => (Rs(w) & 1) == 0 && (Rt(w) & 1) == 0);
    }

    private static ulong Truncate(ulong value, int bits) => bits == 64 ? value : value & ((1UL << bits) - 1);

    private static bool IsPrefetch(uint w) => (w >> 30) == 3 && ((w >> 22) & 3) == 2;

    /// <summary>Size/opc combinations that are GPR loads, stores or PRFM (not the reserved ones).</summary>
    private static bool IsAllocatedSingle(uint w)
    {
        var size = w >> 30;
        var opc = (w >> 22) & 3;
        return size switch
        {
            3 => opc != 3,
            2 => opc != 3,
            _ => true,
        };
    }

    /// <summary>Loads or stores Rt by the size/opc rules of the single-register forms; PRFM does nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transfer(Cpu cpu, uint w, ulong address)
    {
        var size = 1 << (int)(w >> 30);
        var opc = (w >> 22) & 3;
        switch (opc)
        {
            case 0:
                cpu.Store(address, size, cpu.X(Rt(w)));
                break;
            case 1:
                cpu.SetX(Rt(w), cpu.Load(address, size));
                break;
            default:
                if (size == 8) return;   // PRFM
                var value = cpu.Load(address, size);
                var signExtended = size switch
                {
                    1 => (ulong)(long)(sbyte)value,
                    2 => (ulong)(long)(short)value,
                    _ => (ulong)(long)(int)value,
                };
                cpu.SetX(Rt(w), opc == 3 ? (uint)signExtended : signExtended);
                break;
        }
    }

    private static void ExclusiveOrOrdered(Cpu cpu, uint w)
    {
        var size = 1 << (int)(w >> 30);
        var exclusive = ((w >> 23) & 1) == 0;
        var load = ((w >> 22) & 1) != 0;
        var pair = ((w >> 21) & 1) != 0;
        var address = cpu.XOrSp(Rn(w));
        if (!exclusive)
        {
            // LDAR/STLR and the LORegion forms: ordinary accesses here (the machine is sequentially consistent).
            if (load) cpu.SetX(Rt(w), cpu.Load(address, size));
            else cpu.Store(address, size, cpu.X(Rt(w)));
            return;
        }
        var total = pair ? size * 2 : size;
        if (load)
        {
            cpu.ExclusiveAddress = address;
            cpu.ExclusiveSize = total;
            if (pair)
            {
                cpu.SetX(Rt(w), cpu.Load(address, size));
                cpu.SetX(Rt2(w), cpu.Load(address + (ulong)size, size));
            }
            else
            {
                cpu.SetX(Rt(w), cpu.Load(address, size));
            }
            return;
        }
        var ok = cpu.ExclusiveAddress == address && cpu.ExclusiveSize == total;
        cpu.ExclusiveAddress = null;
        if (ok)
        {
            cpu.Store(address, size, cpu.X(Rt(w)));
            if (pair) cpu.Store(address + (ulong)size, size, cpu.X(Rt2(w)));
        }
        cpu.SetX(Rs(w), ok ? 0UL : 1UL);
    }

    private static void AtomicMemoryOperation(Cpu cpu, uint w)
    {
        var size = 1 << (int)(w >> 30);
        var bits = size * 8;
        var address = cpu.XOrSp(Rn(w));
        var operand = Truncate(cpu.X(Rs(w)), bits);
        var old = cpu.Load(address, size);
        ulong updated;
        if (((w >> 15) & 1) != 0)
        {
            updated = operand;   // SWP
        }
        else
        {
            updated = ((w >> 12) & 7) switch
            {
                0 => old + operand,
                1 => old & ~operand,
                2 => old ^ operand,
                3 => old | operand,
                4 => SignedCompare(old, operand, bits) >= 0 ? old : operand,
                5 => SignedCompare(old, operand, bits) <= 0 ? old : operand,
                6 => Math.Max(old, operand),
                _ => Math.Min(old, operand),
            };
        }
        cpu.Store(address, size, Truncate(updated, bits));
        cpu.SetX(Rt(w), old);
    }

    private static int SignedCompare(ulong a, ulong b, int bits)
    {
        var shift = 64 - bits;
        return ((long)(a << shift) >> shift).CompareTo((long)(b << shift) >> shift);
    }
}
