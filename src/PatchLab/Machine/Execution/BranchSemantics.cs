using System.Runtime.CompilerServices;
using static PatchLab.Machine.Execution.Fields;

namespace PatchLab.Machine.Execution;

/// <summary>B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET, ERET.</summary>
internal static class BranchSemantics
{
    public static void Define(SemanticsBuilder s)
    {
        s.AddBranch("b", "000101 imm26:26", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) => Jump(cpu, (cpu.Pc - 4) + (ulong)(Signed(w, 0, 26) << 2)));
        s.AddBranch("bl", "100101 imm26:26", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            cpu.SetX(30, cpu.Pc);
            Jump(cpu, (cpu.Pc - 4) + (ulong)(Signed(w, 0, 26) << 2));
        });
        s.AddBranch("b.cond", "0101010 0 imm19:19 x cond:4", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            cpu.Counters.Branches++;
            if (cpu.ConditionHolds(w & 15)) cpu.Pc = (cpu.Pc - 4) + (ulong)(Signed(w, 5, 19) << 2);
        }, conditional: true);
        s.AddBranch("cbz/cbnz", "sf 011010 op imm19:19 Rt:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            cpu.Counters.Branches++;
            var value = Truncate(cpu.X(Rt(w)), Sf(w));
            var nonZero = (w & (1u << 24)) != 0;
            if ((value != 0) == nonZero) cpu.Pc = (cpu.Pc - 4) + (ulong)(Signed(w, 5, 19) << 2);
        }, conditional: true);
        s.AddBranch("tbz/tbnz", "b5 011011 op b40:5 imm14:14 Rt:5", [MethodImpl(MethodImplOptions.AggressiveInlining)] (cpu, w) =>
        {
            cpu.Counters.Branches++;
            var bit = (int)(((w >> 26) & 0x20) | ((w >> 19) & 0x1f));
            var set = ((cpu.X(Rt(w)) >> bit) & 1) != 0;
            var nonZero = (w & (1u << 24)) != 0;
            if (set == nonZero) cpu.Pc = (cpu.Pc - 4) + (ulong)(Signed(w, 5, 14) << 2);
        }, conditional: true);
        s.AddIndirect("br", "1101011 0000 11111 000000 Rn:5 00000", (cpu, w) =>
        {
            JumpIndirect(cpu, cpu.X(Rn(w)));
            cpu.BranchType = Bti.ForBranchRegister(Rn(w), cpu.InGuardedPage);
        }, setsBranchType: true);
        s.AddIndirect("blr", "1101011 0001 11111 000000 Rn:5 00000", (cpu, w) =>
        {
            var target = cpu.X(Rn(w));
            cpu.SetX(30, cpu.Pc);
            JumpIndirect(cpu, target);
            cpu.BranchType = 2;
        }, setsBranchType: true);
        s.AddIndirect("ret", "1101011 0010 11111 000000 Rn:5 00000", (cpu, w) => JumpIndirect(cpu, cpu.X(Rn(w))));
        s.AddControl("eret", "1101011 0100 11111 000000 11111 00000", (cpu, _) => cpu.Machine.ExceptionReturn(cpu));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Jump(Cpu cpu, ulong target)
    {
        cpu.Counters.Branches++;
        cpu.Pc = target;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void JumpIndirect(Cpu cpu, ulong target)
    {
        cpu.Counters.Branches++;
        cpu.Counters.IndirectBranches++;
        cpu.Pc = target;
    }
}
