using static PatchLab.Machine.Execution.Fields;

namespace PatchLab.Machine.Execution;

/// <summary>Hints, barriers, PSTATE, system registers, cache maintenance and exception generation.</summary>
internal static class SystemSemantics
{
    public static void Define(SemanticsBuilder s)
    {
        // NOP, YIELD, BTI, PAC hints (no FEAT_PAuth), CSDB…: no effect, and nothing the interpreter checks changes.
        s.Add("hint", "11010101000000110010 CRm:4 op2:3 11111", (_, _) => { });
        s.AddControl("wfe/wfi/sev/sevl", "11010101000000110010 0000 op2:3 11111", (cpu, w) =>
        {
            switch ((w >> 5) & 7)
            {
                case 2: cpu.Machine.WaitForEvent(cpu); break;
                case 3: cpu.Machine.WaitForInterrupt(cpu); break;
                case 4: cpu.Machine.SendEvent(); break;
                default: cpu.EventRegister = true; break;   // SEVL
            }
        }, w => ((w >> 5) & 7) is >= 2 and <= 5);
        s.AddControl("barrier", "11010101000000110011 CRm:4 op2:3 11111", (cpu, w) =>
        {
            switch ((w >> 5) & 7)
            {
                case 2: cpu.ExclusiveAddress = null; break;                     // CLREX
                case 4: cpu.Fetcher.DataSynchronizationBarrier(); break;        // DSB (and SSBB/PSSBB)
                case 6: cpu.Fetcher.ContextSynchronize(); break;                 // ISB
                default: break;                                                 // DMB, SB: the machine is sequentially consistent
            }
        }, w => ((w >> 5) & 7) is 2 or 4 or 5 or 6 or 7);
        s.AddControl("msr (immediate)", "1101010100000 op1:3 0100 CRm:4 op2:3 11111", (cpu, w) =>
        {
            var op1 = (w >> 16) & 7;
            var op2 = (w >> 5) & 7;
            var crm = (w >> 8) & 15;
            switch ((op1, op2))
            {
                case (3, 6): cpu.Daif |= crm << 6; break;                       // DAIFSet
                case (3, 7): cpu.Daif &= ~(crm << 6); break;                    // DAIFClr
                case (0, 5): cpu.SpSel = (crm & 1) != 0; break;                 // SPSel
                default: break;                                                 // PAN, UAO, SSBS, DIT, TCO: no effect here
            }
        });
        s.AddControl("mrs", "1101010100 1 1 o0 op1:3 CRn:4 CRm:4 op2:3 Rt:5", (cpu, w) =>
        {
            if (SystemRegisters.TryRead(cpu, (w >> 5) & 0x7fff, out var value)) cpu.SetX(Rt(w), value);
            else cpu.Machine.Undefined(cpu, w);
        });
        s.AddControl("msr (register)", "1101010100 0 1 o0 op1:3 CRn:4 CRm:4 op2:3 Rt:5", (cpu, w) =>
        {
            if (!SystemRegisters.TryWrite(cpu, (w >> 5) & 0x7fff, cpu.X(Rt(w)))) cpu.Machine.Undefined(cpu, w);
        });
        s.AddControl("sys", "1101010100001 op1:3 CRn:4 CRm:4 op2:3 Rt:5", (cpu, w) => SystemOperation(cpu, w));

        s.AddControl("svc", "11010100 000 imm16:16 000 01", (cpu, w) =>
            cpu.Machine.TakeException(cpu, new CpuException(ExceptionKind.SupervisorCall, cpu.Pc - 4, w, Immediate: (w >> 5) & 0xffff)));
        s.AddControl("hvc", "11010100 000 imm16:16 000 10", (cpu, w) =>
            cpu.Machine.TakeException(cpu, new CpuException(ExceptionKind.HypervisorCall, cpu.Pc - 4, w, Immediate: (w >> 5) & 0xffff)));
        s.AddControl("smc", "11010100 000 imm16:16 000 11", (cpu, w) =>
            cpu.Machine.TakeException(cpu, new CpuException(ExceptionKind.SecureMonitorCall, cpu.Pc - 4, w, Immediate: (w >> 5) & 0xffff)));
        s.AddControl("brk", "11010100 001 imm16:16 000 00", (cpu, w) =>
        {
            cpu.Pc -= 4;
            cpu.Machine.TakeException(cpu, new CpuException(ExceptionKind.Breakpoint, cpu.Pc, w, Immediate: (w >> 5) & 0xffff));
        });
    }

    /// <summary>DC and IC maintenance act on the modelled caches; TLBI and AT have nothing to act on (no MMU model).</summary>
    private static void SystemOperation(Cpu cpu, uint w)
    {
        var op = (w >> 5) & 0x3fff;   // op1:CRn:CRm:op2
        var address = cpu.X(Rt(w));
        switch (op)
        {
            case 0x1bd9:   // DC CVAU
            case 0x1bf1:   // DC CIVAC
            case 0x1bd1:   // DC CVAC
            case 0x1be1:   // DC CVAP
                cpu.Memory.Coherence.CleanToPoU(address);
                break;
            case 0x1ba9:   // IC IVAU
                cpu.Fetcher.InvalidateInstructionCacheLine(address);
                break;
            case 0x0388:   // IC IALLUIS
                cpu.Fetcher.InvalidateInstructionCacheAll(broadcast: true);
                break;
            case 0x03a8:   // IC IALLU
                cpu.Fetcher.InvalidateInstructionCacheAll(broadcast: false);
                break;
            case 0x1ba1:   // DC ZVA: zero a 64-byte block (DCZID_EL0.BS = 4)
                var block = address & ~63UL;
                for (var i = 0UL; i < 64; i += 8) cpu.Store(block + i, 8, 0);
                break;
            default:
                if (((op >> 7) & 15) is 8 or 7) break;   // TLBI (CRn 8), other DC/AT (CRn 7): no effect here
                cpu.Machine.Undefined(cpu, w);
                break;
        }
    }
}
