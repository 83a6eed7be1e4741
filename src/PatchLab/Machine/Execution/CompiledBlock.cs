using System.Reflection;
using System.Reflection.Emit;

namespace PatchLab.Machine.Execution;

/// <summary>
/// Runs a compiled block on a CPU whose context-synchronisation count is <paramref name="syncs"/>, executing at most
/// <paramref name="budget"/> instructions (at least the block's length).
/// </summary>
public delegate void RunBlock(Cpu cpu, int syncs, int budget);

/// <summary>
/// A run of instructions from one fetched line compiled into one host method: for each instruction it does what the
/// interpreter does (set the instruction address and word, advance the PC, count it, call the instruction's
/// semantic with its word), but as direct calls with the word a constant, so the host JIT can inline the semantic
/// and fold its field decoding away. It stops early when an instruction took an exception (the context
/// synchronisation count moved) or a conditional branch is taken. A block holds no instruction that changes control
/// state, and ends at an unconditional branch or the end of the line, so it runs exactly as the interpreter would,
/// one instruction at a time. Compiled for a
/// machine that checks CMODX, it checks each instruction as the interpreter does and stops once the run should.
/// </summary>
public sealed class CompiledBlock
{
    private static readonly FieldInfo InstructionAddress = typeof(Cpu).GetField(nameof(Cpu.InstructionAddress))!;
    private static readonly FieldInfo InstructionWord = typeof(Cpu).GetField(nameof(Cpu.InstructionWord))!;
    private static readonly FieldInfo Pc = typeof(Cpu).GetField(nameof(Cpu.Pc))!;
    private static readonly FieldInfo Counters = typeof(Cpu).GetField(nameof(Cpu.Counters))!;
    private static readonly FieldInfo Instructions = typeof(CpuCounters).GetField(nameof(CpuCounters.Instructions))!;
    private static readonly MethodInfo Fetcher = typeof(Cpu).GetProperty(nameof(Cpu.Fetcher))!.GetMethod!;
    private static readonly MethodInfo ContextSyncCount = typeof(InstructionFetcher).GetProperty(nameof(InstructionFetcher.ContextSyncCount))!.GetMethod!;
    private static readonly MethodInfo CheckConcurrentModification = typeof(AArch64Machine).GetMethod(nameof(AArch64Machine.CheckStraight),
        BindingFlags.Static | BindingFlags.NonPublic)!;
    private static readonly MethodInfo StopRequested = typeof(AArch64Machine).GetMethod(nameof(AArch64Machine.StopRequested),
        BindingFlags.Static | BindingFlags.NonPublic)!;

    private CompiledBlock(ulong address, uint[] words, RunBlock run)
    {
        Address = address;
        Words = words;
        Run = run;
    }

    /// <summary>The address of the first instruction.</summary>
    public ulong Address { get; }

    /// <summary>The instruction words the block was compiled from.</summary>
    public uint[] Words { get; }

    public RunBlock Run { get; }

    /// <summary>Whether the block was compiled from the words <paramref name="line"/> holds from <paramref name="index"/> on.</summary>
    public bool Matches(FetchedLine line, int index) => line.Words.AsSpan(index).StartsWith(Words);

    /// <summary>
    /// Compiles the instructions of <paramref name="line"/> from <paramref name="index"/>, whose semantics are
    /// <paramref name="decoded"/> (one for each word from there to the line's end), up to the first that
    /// changes control state (excluded), the first unconditional branch (included) or the line's end; null if the
    /// first one changes control state. A conditional branch that is taken leaves the block; a branch back to the
    /// block's start runs it again while the budget has room for all of it.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050",
        Justification = "Blocks are compiled only where RuntimeFeature.IsDynamicCodeSupported (AArch64Machine); a native build interprets.")]
    public static CompiledBlock? Compile(FetchedLine line, int index, IReadOnlyList<Semantic> decoded, bool checkCmodx)
    {
        var semantics = new List<Semantic>();
        for (var i = index; i < line.Words.Length; i++)
        {
            var semantic = decoded[i - index];
            if (semantic.ChangesControlState) break;
            semantics.Add(semantic);
            if (semantic.IsBranch && !semantic.IsConditionalBranch) break;
        }
        if (semantics.Count == 0) return null;

        var address = line.Address + (ulong)index * 4;
        var method = new DynamicMethod($"block_{address:x}", null, [typeof(object[]), typeof(Cpu), typeof(int), typeof(int)],
            typeof(CompiledBlock).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var start = il.DefineLabel();
        var exit = il.DefineLabel();
        var targets = new object?[semantics.Count];
        var length = semantics.Count;
        // The count each instruction leaves is stored, not incremented: no chain of read-modify-writes through memory.
        var counted = il.DeclareLocal(typeof(ulong));
        il.MarkLabel(start);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldflda, Counters);
        il.Emit(OpCodes.Ldfld, Instructions);
        il.Emit(OpCodes.Stloc, counted);
        for (var k = 0; k < length; k++)
        {
            var pc = address + (ulong)k * 4;
            var word = line.Words[index + k];
            if (checkCmodx)
            {
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I8, (long)pc);
                il.Emit(OpCodes.Ldc_I4, unchecked((int)word));
                il.Emit(OpCodes.Call, CheckConcurrentModification);
            }
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I8, (long)pc);
            il.Emit(OpCodes.Stfld, InstructionAddress);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, unchecked((int)word));
            il.Emit(OpCodes.Stfld, InstructionWord);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I8, (long)(pc + 4));
            il.Emit(OpCodes.Stfld, Pc);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldflda, Counters);
            il.Emit(OpCodes.Ldloc, counted);
            il.Emit(OpCodes.Ldc_I4, k + 1);
            il.Emit(OpCodes.Conv_U8);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stfld, Instructions);
            var execute = semantics[k].Execute;
            if (execute.Target is { } target && SingletonField(target) is { } singleton)
            {
                il.Emit(OpCodes.Ldsfld, singleton);   // a constant to the host JIT, which can then inline the semantic
            }
            else if (execute.Target is not null)
            {
                targets[k] = execute.Target;
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, k);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Castclass, execute.Method.DeclaringType!);
            }
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, unchecked((int)word));
            il.Emit(OpCodes.Call, execute.Method);
            var last = k == length - 1;
            if (last && !semantics[k].IsBranch) break;
            // An exception taken (the context synchronisation count moved) or a stop ends the block.
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, Fetcher);
            il.Emit(OpCodes.Call, ContextSyncCount);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Bne_Un, exit);
            if (checkCmodx)
            {
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Call, StopRequested);
                il.Emit(OpCodes.Brtrue, exit);
            }
            if (!semantics[k].IsBranch) continue;
            // A branch: on to the next instruction if not taken; again from the start if taken back to it and the
            // budget (instructions the caller may still run) holds another pass.
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldfld, Pc);
            il.Emit(OpCodes.Ldc_I8, (long)(last ? address : pc + 4));
            il.Emit(OpCodes.Bne_Un, exit);
            if (!last) continue;
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Ldc_I4, length);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Starg_S, (byte)3);
            il.Emit(OpCodes.Ldc_I4, length);
            il.Emit(OpCodes.Bge, start);
        }
        il.MarkLabel(exit);
        il.Emit(OpCodes.Ret);
        var run = (RunBlock)method.CreateDelegate(typeof(RunBlock), targets);
        return new CompiledBlock(address, line.Words[index..(index + length)], run);
    }

    /// <summary>The static readonly field holding <paramref name="target"/>, as C# keeps the one instance of the class of lambdas that capture nothing.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "Only reached while compiling blocks, which a trimmed native build never does.")]
    private static FieldInfo? SingletonField(object target) =>
        target.GetType().GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .FirstOrDefault(f => f.IsInitOnly && ReferenceEquals(f.GetValue(null), target));
}
