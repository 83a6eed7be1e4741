namespace PatchLab.Machine.Execution;

/// <summary>The system registers MRS and MSR reach, by their op0:op1:CRn:CRm:op2 encoding.</summary>
internal static class SystemRegisters
{
    public static uint Key(int op0, int op1, int crn, int crm, int op2) =>
        (uint)(((op0 - 2) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2);

    private static readonly uint Nzcv = Key(3, 3, 4, 2, 0);
    private static readonly uint Daif = Key(3, 3, 4, 2, 1);
    private static readonly uint Fpcr = Key(3, 3, 4, 4, 0);
    private static readonly uint Fpsr = Key(3, 3, 4, 4, 1);
    private static readonly uint TpidrEl0 = Key(3, 3, 13, 0, 2);
    private static readonly uint TpidrroEl0 = Key(3, 3, 13, 0, 3);
    private static readonly uint TpidrEl1 = Key(3, 0, 13, 0, 4);
    private static readonly uint SpEl0 = Key(3, 0, 4, 1, 0);
    private static readonly uint SpSel = Key(3, 0, 4, 2, 0);
    private static readonly uint CurrentEl = Key(3, 0, 4, 2, 2);
    private static readonly uint SpsrEl1 = Key(3, 0, 4, 0, 0);
    private static readonly uint ElrEl1 = Key(3, 0, 4, 0, 1);
    private static readonly uint EsrEl1 = Key(3, 0, 5, 2, 0);
    private static readonly uint FarEl1 = Key(3, 0, 6, 0, 0);
    private static readonly uint VbarEl1 = Key(3, 0, 12, 0, 0);
    private static readonly uint SctlrEl1 = Key(3, 0, 1, 0, 0);
    private static readonly uint MidrEl1 = Key(3, 0, 0, 0, 0);
    private static readonly uint MpidrEl1 = Key(3, 0, 0, 0, 5);
    private static readonly uint CtrEl0 = Key(3, 3, 0, 0, 1);
    private static readonly uint DczidEl0 = Key(3, 3, 0, 0, 7);
    private static readonly uint CntfrqEl0 = Key(3, 3, 14, 0, 0);
    private static readonly uint CntpctEl0 = Key(3, 3, 14, 0, 1);
    private static readonly uint CntvctEl0 = Key(3, 3, 14, 0, 2);

    /// <summary>A Cortex-A76-like MIDR: implementer Arm, part 0xd0b.</summary>
    private const ulong Midr = 0x414f_d0b1;

    public static bool TryRead(Cpu cpu, uint key, out ulong value)
    {
        value = 0;
        if (key == Nzcv) value = cpu.Nzcv;
        else if (key == Daif) value = cpu.Daif;
        else if (key == Fpcr) value = cpu.Fpcr;
        else if (key == Fpsr) value = cpu.Fpsr;
        else if (key == TpidrEl0) value = cpu.TpidrEl0;
        else if (key == TpidrroEl0) value = cpu.TpidrroEl0;
        else if (key == CntvctEl0 || key == CntpctEl0) value = cpu.Machine.CounterTicks(cpu);
        else if (key == CntfrqEl0) value = cpu.Machine.Options.CounterHz;
        else if (key == CtrEl0) value = cpu.Memory.Coherence.CacheType.CtrEl0;
        else if (key == DczidEl0) value = 4;
        else if (cpu.ExceptionLevel == 0) return false;
        else if (key == TpidrEl1) value = cpu.TpidrEl1;
        else if (key == SpEl0) value = cpu.SpEl0;
        else if (key == SpSel) value = cpu.SpSel ? 1UL : 0;
        else if (key == CurrentEl) value = (ulong)cpu.ExceptionLevel << 2;
        else if (key == SpsrEl1) value = cpu.SpsrEl1;
        else if (key == ElrEl1) value = cpu.ElrEl1;
        else if (key == EsrEl1) value = cpu.EsrEl1;
        else if (key == FarEl1) value = cpu.FarEl1;
        else if (key == VbarEl1) value = cpu.VbarEl1;
        else if (key == SctlrEl1) value = cpu.SctlrEl1;
        else if (key == MidrEl1) value = Midr;
        else if (key == MpidrEl1) value = cpu.MpidrEl1;
        else if (IsIdRegister(key)) value = 0;   // ID_AA64*_EL1: no optional features advertised
        else return false;
        return true;
    }

    public static bool TryWrite(Cpu cpu, uint key, ulong value)
    {
        if (key == Nzcv) cpu.Nzcv = (uint)value & 0xf000_0000;
        else if (key == Daif) cpu.Daif = (uint)value & 0x3c0;
        else if (key == Fpcr) cpu.Fpcr = value;
        else if (key == Fpsr) cpu.Fpsr = value;
        else if (key == TpidrEl0) cpu.TpidrEl0 = value;
        else if (cpu.ExceptionLevel == 0) return false;
        else if (key == TpidrroEl0) cpu.TpidrroEl0 = value;
        else if (key == TpidrEl1) cpu.TpidrEl1 = value;
        else if (key == SpEl0) cpu.SpEl0 = value;
        else if (key == SpSel) cpu.SpSel = (value & 1) != 0;
        else if (key == SpsrEl1) cpu.SpsrEl1 = value;
        else if (key == ElrEl1) cpu.ElrEl1 = value;
        else if (key == EsrEl1) cpu.EsrEl1 = value;
        else if (key == FarEl1) cpu.FarEl1 = value;
        else if (key == VbarEl1) cpu.VbarEl1 = value;
        else if (key == SctlrEl1) cpu.SctlrEl1 = value;
        else return false;
        return true;
    }

    /// <summary>op0=3, op1=0, CRn=0, CRm=1..7: the feature ID register space.</summary>
    private static bool IsIdRegister(uint key) => key >> 7 == Key(3, 0, 0, 0, 0) >> 7 && ((key >> 3) & 15) is >= 1 and <= 7;
}
