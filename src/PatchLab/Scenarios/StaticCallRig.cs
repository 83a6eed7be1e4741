using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>What a static-call stress run saw: calls checked, calls that reached a target outside their window.</summary>
public sealed record StaticCallRunResult(ulong Calls, ulong WrongTargets, ulong KeyPasses, ulong KeyEnabledPasses,
    ulong KeyDisabledPasses, IReadOnlyList<CmodxViolation> Violations, IReadOnlyList<StaleView> StaleAfterUpdates)
{
    /// <summary>
    /// The run is sound: no CMODX violation, every call reached the old or the new target, the static branch went
    /// one of its two ways every time, and after each update no CPU could still see an old instruction.
    /// </summary>
    public bool Sound => Violations.Count == 0 && WrongTargets == 0 && KeyPasses == KeyEnabledPasses + KeyDisabledPasses
        && StaleAfterUpdates.Count == 0;
}

/// <summary>
/// Static calls under load: CPUs 1..N-1 call the static call <c>hook</c> again and again through a static_call_cond
/// site in kernel text, one in module text (<c>.module.text</c>, out of branch range of the kernel) and, except in
/// the generic flavour where a NULL tail call is a crash, a tail-call site; they also pass a static branch on
/// <c>feature_key</c>. CPU 0 retargets <c>hook</c> (and flips the key) as host work. Targets <c>target1</c> and
/// <c>target2</c> are near, <c>target3</c> is in the module region; each sets x21 to its number, so 0 means no
/// function ran (NULL, or the RET0 stub). Before update g the writer stores the new target's number in
/// <c>history[g]</c>, then g in <c>gen</c>; a reader reads <c>gen</c> before and after each call and counts a wrong
/// target (x27) unless the number it reached is in history[before − 1 .. after] — old or new, never a third.
/// After each update every patched instruction is checked for CPUs that still see an old one.
/// </summary>
public sealed class StaticCallRig
{
    public const int MaxUpdates = 1000;
    private readonly ulong _gen;
    private readonly ulong _history;
    private readonly List<StaleView> _stale = [];

    public StaticCallRig(StaticCallFlavour flavour, int cpus, int seed, string initial = "target1",
        PatchingOmissions omissions = PatchingOmissions.None)
    {
        Flavour = flavour;
        var tail = flavour == StaticCallFlavour.Generic ? "" : """
                ldr x19, [x20]
                mov x21, #0
                bl tail_call
                bl check
            """;
        var source = $$"""
                .include "static_call.S"
                DEFINE_STATIC_CALL_RETURN0
                DEFINE_STATIC_CALL hook, {{initial}}
                DEFINE_STATIC_KEY feature_key, 0
                .text
                .globl _start
            _start:
                cbz x0, idle
                adrp x20, gen
                add x20, x20, :lo12:gen
                adrp x23, history
                add x23, x23, :lo12:history
            loop:
                add x24, x24, #1
                ldr x19, [x20]
                mov x21, #0
                STATIC_CALL_COND hook
                bl check
                ldr x19, [x20]
                mov x21, #0
                bl module_call
                bl check
            {{tail}}
                STATIC_BRANCH_UNLIKELY feature_key, 2f
                add x26, x26, #1
                b 3f
            2:  add x22, x22, #1
            3:  ldr x1, [x20, #8]
                cbz x1, loop
                brk #0
            idle:
                wfi
                b idle

            // x19: gen before the call; x21: the target reached. Counts the call in x25, a wrong target in x27.
            check:
                ldr x3, [x20]
                subs x4, x19, #1
                csel x4, xzr, x4, lo
            1:  ldr w5, [x23, x4, lsl #2]
                cmp w5, w21
                b.eq 2f
                add x4, x4, #1
                cmp x4, x3
                b.ls 1b
                add x27, x27, #1
            2:  add x25, x25, #1
                ret

            tail_call:
                STATIC_CALL_TAIL hook

                .globl target1, target2
            target1:
                bti c
                mov x21, #1
                ret
            target2:
                bti c
                mov x21, #2
                ret

                .pushsection .init.text, "ax"
            init_call:
                mov x28, x30
                STATIC_CALL_COND hook
                mov x30, x28
                ret
                .popsection

                .pushsection .module.text, "ax"
            module_call:
                mov x28, x30
                STATIC_CALL_COND hook
                mov x30, x28
                ret
                .globl target3
            target3:
                bti c
                mov x21, #3
                ret
                .popsection

                .data
                .balign 8
            gen:    .quad 0
            stop:   .quad 0
            history: .skip {{4 * (MaxUpdates + 1)}}
            """;
        Image = KernelImage.Build([("static_calls.s", source)], "_start", flavour);
        Machine = new AArch64Machine(new MachineOptions { Cpus = cpus, Seed = seed, QuantumMin = 1, QuantumMax = 16 });
        Image.BootAllCpus(Machine);
        Host = new KernelHost(Machine);
        Patcher = new TextPatcher(Host, omissions: omissions);
        Keys = new StaticKeys(Host, Image, Patcher);
        Calls = new StaticCalls(Host, Image, Patcher, Keys);
        Hook = Calls["hook"];
        FeatureKey = Image.Symbol("feature_key");
        _gen = Image.Symbol("gen");
        _history = Image.Symbol("history");
        Machine.Memory.Write(_history, 4, Number(Calls.Query(Hook.Address)), -1, 0);
    }

    public StaticCallFlavour Flavour { get; }
    public KernelImage Image { get; }
    public AArch64Machine Machine { get; }
    public KernelHost Host { get; }
    public TextPatcher Patcher { get; }
    public StaticKeys Keys { get; }
    public StaticCalls Calls { get; }
    public StaticCallKey Hook { get; }
    public ulong FeatureKey { get; }

    /// <summary>The targets an update may choose: NULL, RET0, two near functions and one in the module region.</summary>
    public IReadOnlyList<ulong> Targets => [0, Calls.Return0, Image.Symbol("target1"), Image.Symbol("target2"), Image.Symbol("target3")];

    /// <summary>
    /// Runs <paramref name="updates"/> updates of <c>hook</c> on CPU 0 (each to a target <paramref name="choose"/>
    /// picks from <see cref="Targets"/>, flipping <c>feature_key</c> after each) with reader time between them.
    /// </summary>
    public StaticCallRunResult Run(int updates, Func<int, ulong> choose, int gap = 200)
    {
        if (updates > MaxUpdates) throw new ArgumentOutOfRangeException(nameof(updates), updates, $"at most {MaxUpdates}");
        return Execute(gap, [.. Enumerable.Range(1, updates).Select(g => (Func<Cpu, IEnumerable<ulong>>)(cpu => Retarget(cpu, g, choose(g))))]);
    }

    /// <summary>Update g: its target's number in history[g], g in gen, the update, then feature_key flipped.</summary>
    public IEnumerable<ulong> Retarget(Cpu writer, int g, ulong target)
    {
        Machine.Memory.Write(_history + (ulong)(4 * g), 4, Number(target), writer.Index, writer.Cycles);
        Machine.Memory.Write(_gen, 8, (ulong)g, writer.Index, writer.Cycles);
        foreach (var cost in Calls.Update(writer, Hook.Address, target)) yield return cost;
        var flip = g % 2 == 1 ? Keys.Enable(writer, FeatureKey) : Keys.Disable(writer, FeatureKey);
        foreach (var cost in flip) yield return cost;
        foreach (var word in PatchedWords)
            _stale.AddRange(Machine.Memory.Coherence.FindStaleViews(Machine.Memory, word, 4));
    }

    /// <summary>Every instruction an update may patch: inline sites, the 2021 trampoline's branch, jump-label sites.</summary>
    public IEnumerable<ulong> PatchedWords =>
        Hook.Sites.Select(s => s.Address)
            .Concat(Flavour == StaticCallFlavour.OutOfLine2021 ? [Hook.Trampoline!.Value + 4] : [])
            .Concat(Keys.Keys.SelectMany(k => Keys.EntriesOf(k)).Select(e => e.Code));

    /// <summary>Runs the steps on CPU 0 with <paramref name="gap"/> cycles of reader time around each, then stops the readers.</summary>
    public StaticCallRunResult Execute(int gap, params Func<Cpu, IEnumerable<ulong>>[] steps)
    {
        var writer = Machine.Cpus[0];
        IEnumerable<ulong> Work()
        {
            foreach (var step in steps)
            {
                for (var i = 0; i < gap; i++) yield return 1;
                foreach (var cost in step(writer)) yield return cost;
            }
            for (var i = 0; i < gap; i++) yield return 1;
            Machine.Memory.Write(_gen + 8, 8, 1, writer.Index, writer.Cycles);
        }
        writer.RunHostWork(Work());
        Machine.Run(untilNs: 100_000_000_000);
        if (Machine.Cpus.Skip(1).Any(c => !c.Halted))
            throw new InvalidOperationException("the static-call run did not finish");
        return new StaticCallRunResult(Sum(25), Sum(27), Sum(24), Sum(22), Sum(26), Machine.Violations, _stale);
    }

    /// <summary>The number a target sets in x21: 0 for NULL and RET0, else 1–3.</summary>
    public ulong Number(ulong target) =>
        target == Image.Symbol("target1") ? 1UL : target == Image.Symbol("target2") ? 2UL : target == Image.Symbol("target3") ? 3UL : 0UL;

    private ulong Sum(int register) => Machine.Cpus.Skip(1).Aggregate(0UL, (s, c) => s + c.X(register));
}
