namespace PatchLab.Machine.Execution;

/// <summary>
/// IEEE 754 single and double arithmetic as the Arm ARM's FP pseudocode defines it, on raw register bits. Single
/// precision is computed in double and rounded once, which is exact for +, −, ×, ÷ and √ (53 ≥ 2·24 + 2).
/// </summary>
internal static class Fp
{
    public enum Rounding { Nearest, PlusInfinity, MinusInfinity, Zero, TiesAway }

    private const ulong DefaultNaNDouble = 0x7ff8_0000_0000_0000;
    private const ulong DefaultNaNSingle = 0x7fc0_0000;
    private const ulong DefaultNaNBit = 1UL << 25;

    public static double ToDouble(ulong bits, bool isDouble) =>
        isDouble ? BitConverter.Int64BitsToDouble((long)bits) : BitConverter.Int32BitsToSingle((int)(uint)bits);

    /// <summary>Rounds to the format; a NaN produced by an operation (not propagated) is the default NaN.</summary>
    private static ulong FromDouble(double value, bool isDouble)
    {
        if (double.IsNaN(value)) return isDouble ? DefaultNaNDouble : DefaultNaNSingle;
        return isDouble ? (ulong)BitConverter.DoubleToInt64Bits(value) : (uint)BitConverter.SingleToInt32Bits((float)value);
    }

    private static bool IsNaN(ulong bits, bool isDouble) =>
        isDouble ? (bits & 0x7fff_ffff_ffff_ffff) > 0x7ff0_0000_0000_0000 : (bits & 0x7fff_ffff) > 0x7f80_0000;

    private static ulong QuietBit(bool isDouble) => isDouble ? 1UL << 51 : 1UL << 22;

    private static bool IsSignalling(ulong bits, bool isDouble) => IsNaN(bits, isDouble) && (bits & QuietBit(isDouble)) == 0;

    private static ulong Propagate(Cpu cpu, ulong nan, bool isDouble) =>
        (cpu.Fpcr & DefaultNaNBit) != 0 ? (isDouble ? DefaultNaNDouble : DefaultNaNSingle) : nan | QuietBit(isDouble);

    /// <summary>FPProcessNaNs: the first signalling NaN, else the first quiet NaN, in operand order.</summary>
    private static bool ProcessNaNs(Cpu cpu, bool isDouble, out ulong result, params ReadOnlySpan<ulong> operands)
    {
        foreach (var op in operands)
        {
            if (!IsSignalling(op, isDouble)) continue;
            result = Propagate(cpu, op, isDouble);
            return true;
        }
        foreach (var op in operands)
        {
            if (!IsNaN(op, isDouble)) continue;
            result = Propagate(cpu, op, isDouble);
            return true;
        }
        result = 0;
        return false;
    }

    /// <summary>FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL by their opcode.</summary>
    public static ulong Binary(Cpu cpu, int opcode, ulong a, ulong b, bool isDouble)
    {
        // FNMUL negates the product after rounding and NaN propagation, NaNs included.
        if (opcode == 8) return Binary(cpu, 0, a, b, isDouble) ^ (isDouble ? 1UL << 63 : 1UL << 31);
        if (opcode is 6 or 7)
        {
            // FMAXNM/FMINNM: a quiet NaN against a number loses to the number.
            var aQuiet = IsNaN(a, isDouble) && !IsSignalling(a, isDouble);
            var bQuiet = IsNaN(b, isDouble) && !IsSignalling(b, isDouble);
            if (aQuiet && !IsNaN(b, isDouble)) a = b;
            else if (bQuiet && !IsNaN(a, isDouble)) b = a;
        }
        if (ProcessNaNs(cpu, isDouble, out var nan, a, b)) return nan;
        var x = ToDouble(a, isDouble);
        var y = ToDouble(b, isDouble);
        var result = opcode switch
        {
            0 => x * y,
            1 => x / y,
            2 => x + y,
            3 => x - y,
            4 or 6 => Math.Max(x, y),
            _ => Math.Min(x, y),
        };
        return FromDouble(result, isDouble);
    }

    /// <summary>FMADD and its negated forms: ±addend ± n·m, fused (rounded once).</summary>
    public static ulong MultiplyAdd(Cpu cpu, ulong addend, ulong n, ulong m, bool negateProduct, bool negateAddend, bool isDouble)
    {
        // The negations apply to the operands before NaN processing (FPNeg in FMSUB, FNMADD, FNMSUB, FMLS).
        var sign = isDouble ? 1UL << 63 : 1UL << 31;
        if (negateProduct) n ^= sign;
        if (negateAddend) addend ^= sign;
        var x = ToDouble(n, isDouble);
        var y = ToDouble(m, isDouble);
        // An invalid product (0 × ∞) gives the default NaN even when the addend is a quiet NaN.
        var invalidProduct = (double.IsInfinity(x) && y == 0) || (x == 0 && double.IsInfinity(y));
        if (IsNaN(addend, isDouble) && !IsSignalling(addend, isDouble) && invalidProduct && !IsNaN(n, isDouble) && !IsNaN(m, isDouble))
            return isDouble ? DefaultNaNDouble : DefaultNaNSingle;
        if (ProcessNaNs(cpu, isDouble, out var nan, addend, n, m)) return nan;
        var a = ToDouble(addend, isDouble);
        if (isDouble) return FromDouble(Math.FusedMultiplyAdd(x, y, a), true);
        var single = MathF.FusedMultiplyAdd((float)x, (float)y, (float)a);
        return float.IsNaN(single) ? DefaultNaNSingle : (uint)BitConverter.SingleToInt32Bits(single);
    }

    public static ulong SquareRoot(Cpu cpu, ulong a, bool isDouble) =>
        ProcessNaNs(cpu, isDouble, out var nan, a) ? nan : FromDouble(Math.Sqrt(ToDouble(a, isDouble)), isDouble);

    /// <summary>FCVT between single and double: NaNs keep their sign and top payload bits, quietened.</summary>
    public static ulong Convert(Cpu cpu, ulong a, bool fromDouble, bool toDouble)
    {
        if (IsNaN(a, fromDouble))
        {
            if ((cpu.Fpcr & DefaultNaNBit) != 0) return toDouble ? DefaultNaNDouble : DefaultNaNSingle;
            var sign = fromDouble ? a >> 63 : (a >> 31) & 1;
            var payload = fromDouble ? a & 0x000f_ffff_ffff_ffff : (a & 0x7f_ffff) << 29;
            return toDouble
                ? (sign << 63) | 0x7ff8_0000_0000_0000 | payload
                : (sign << 31) | 0x7fc0_0000 | (payload >> 29);
        }
        return FromDouble(ToDouble(a, fromDouble), toDouble);
    }

    public static ulong RoundToIntegral(Cpu cpu, ulong a, Rounding rounding, bool isDouble)
    {
        if (ProcessNaNs(cpu, isDouble, out var nan, a)) return nan;
        var value = ToDouble(a, isDouble);
        if (double.IsInfinity(value)) return a;
        var rounded = Round(value, rounding);
        // Rounding keeps the sign of the operand, so −0.4 rounds to −0.
        if (rounded == 0 && double.IsNegative(value)) rounded = -0.0;
        return FromDouble(rounded, isDouble);
    }

    /// <summary>FRINT32*/FRINT64*: NaN, infinities and results outside the integer range give its most negative value.</summary>
    public static ulong RoundToSizedIntegral(ulong a, Rounding rounding, int integerBits, bool isDouble)
    {
        var value = ToDouble(a, isDouble);
        var limit = Math.Pow(2, integerBits - 1);
        var rounded = double.IsNaN(value) || double.IsInfinity(value) ? -limit : Round(value, rounding);
        if (rounded >= limit || rounded < -limit) rounded = -limit;
        if (rounded == 0 && double.IsNegative(value)) rounded = -0.0;
        return FromDouble(rounded, isDouble);
    }

    private static double Round(double value, Rounding rounding) => rounding switch
    {
        Rounding.PlusInfinity => Math.Ceiling(value),
        Rounding.MinusInfinity => Math.Floor(value),
        Rounding.Zero => Math.Truncate(value),
        Rounding.TiesAway => Math.Round(value, MidpointRounding.AwayFromZero),
        _ => Math.Round(value, MidpointRounding.ToEven),
    };

    /// <summary>FPToFixed with no fraction bits: rounds, then saturates; NaN converts to 0.</summary>
    public static ulong ToInteger(double value, Rounding rounding, bool unsigned, bool is64)
    {
        if (double.IsNaN(value)) return 0;
        var rounded = Round(value, rounding);
        if (unsigned)
        {
            if (rounded <= 0) return 0;
            if (is64) return rounded >= 18446744073709551616.0 ? ulong.MaxValue : (ulong)rounded;
            return rounded >= 4294967296.0 ? uint.MaxValue : (ulong)rounded;
        }
        if (is64)
        {
            if (rounded >= 9223372036854775808.0) return long.MaxValue;
            if (rounded < -9223372036854775808.0) return unchecked((ulong)long.MinValue);
            return (ulong)(long)rounded;
        }
        if (rounded >= 2147483648.0) return int.MaxValue;
        if (rounded < -2147483648.0) return unchecked((uint)int.MinValue);
        return (uint)(int)rounded;
    }

    /// <summary>FPCompare's NZCV: unordered 0011, equal 0110, less 1000, greater 0010.</summary>
    public static uint Compare(ulong a, ulong b, bool isDouble)
    {
        var x = ToDouble(a, isDouble);
        var y = ToDouble(b, isDouble);
        if (double.IsNaN(x) || double.IsNaN(y)) return 0x3000_0000;
        if (x == y) return 0x6000_0000;
        return x < y ? 0x8000_0000 : 0x2000_0000;
    }
}
