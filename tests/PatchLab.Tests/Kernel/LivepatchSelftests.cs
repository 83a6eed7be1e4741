using PatchLab.Kernel;

namespace PatchLab.Tests.Kernel;

/// <summary>
/// The kernel's livepatch selftests (tools/testing/selftests/livepatch) reproduced on PatchLab's kernel: the same
/// steps as functions.sh takes them, and the same kernel log lines in the same order.
/// </summary>
public class LivepatchSelftests
{
    private const ulong Ms = KernelRig.Ms;
    private const string Cmdline = "console=ttyAMA0 root=/dev/vda";

    /// <summary>functions.sh: a booted kernel with a task reading /proc files, and the harness's helpers.</summary>
    private sealed class Selftest
    {
        public Selftest()
        {
            Kernel = KernelRig.Boot(SwitchPointStrategy.CondReschedKey, cpus: 2);
            Kernel.Scheduler.CreateUserTask("cat", "user_cat_loop", cpu: 1);
            Kernel.Scheduler.CreateUserTask("getpid", "user_getpid_loop", cpu: 0);
            Kernel.RunUntil(20 * Ms);
        }

        public BootedKernel Kernel { get; }
        private Livepatch Lp => Kernel.Livepatch;

        private void Log(string line) => Lp.Printk(null, line);

        private void Settle() => Assert.True(Kernel.RunUntil(() => !Lp.InTransition, Kernel.NowNs + 5000 * Ms), "the transition did not settle");

        /// <summary>load_lp: insmod, then wait until the patch's transition is over.</summary>
        public void LoadLp(KlpPatch patch, string args = "")
        {
            LoadLpNowait(patch, args);
            Settle();
        }

        public void LoadLpNowait(KlpPatch patch, string args = "")
        {
            Log($"% insmod test_modules/{patch.Name}.ko{args}");
            Lp.Load(patch);
            Kernel.RunUntil(Kernel.NowNs + 10 * Ms);
        }

        /// <summary>load_failing_mod: insmod that must fail, and the loader's error line.</summary>
        public void LoadFailingMod(KlpPatch patch, string args, string error)
        {
            Log($"% insmod test_modules/{patch.Name}.ko{args}");
            int? result = null;
            Lp.Load(patch, r => result = r);
            Assert.True(Kernel.RunUntil(() => result is not null, Kernel.NowNs + 1000 * Ms));
            Assert.NotEqual(0, result);
            Log($"insmod: ERROR: could not insert module test_modules/{patch.Name}.ko: {error}");
        }

        /// <summary>disable_lp: echo 0 > enabled, then wait until the patch's directory is gone.</summary>
        public void DisableLp(KlpPatch patch)
        {
            Log($"% echo 0 > /sys/kernel/livepatch/{patch.Name}/enabled");
            Assert.Equal(0, Kernel.Sysfs.Write($"/sys/kernel/livepatch/{patch.Name}/enabled", "0"));
            Assert.True(Kernel.RunUntil(() => !Lp.Patches.Contains(patch), Kernel.NowNs + 5000 * Ms));
        }

        public void UnloadMod(KlpPatch patch) => Log($"% rmmod {patch.Name}");

        /// <summary>load_mod: insmod of a target module whose init and exit print their names.</summary>
        public void LoadMod(string name)
        {
            Log($"% insmod test_modules/{name}.ko");
            var done = false;
            Kernel.Modules.Insmod(name, TargetModule, _ => Log($"{name}: {name}_init"), _ => done = true);
            Assert.True(Kernel.RunUntil(() => done, Kernel.NowNs + 1000 * Ms));
        }

        public void UnloadTarget(string name)
        {
            Log($"% rmmod {name}");
            Kernel.Modules.Rmmod(name, _ => Log($"{name}: {name}_exit"));
            Assert.True(Kernel.RunUntil(() => Kernel.Modules.Find(name) is null, Kernel.NowNs + 1000 * Ms));
        }

        /// <summary>cat /proc/cmdline or /proc/meminfo, as the reading task last saw it.</summary>
        public string Cat(string file)
        {
            Kernel.RunUntil(Kernel.NowNs + 20 * Ms);
            return Kernel.Counter($"proc_{file}_shown") switch
            {
                0 => file == "cmdline" ? Cmdline : "MemTotal: 1024 kB",
                1 => "test_klp_livepatch: this has been live patched",
                _ => "test_klp_atomic_replace: this has been live patched",
            };
        }

        /// <summary>check_result: the log's livepatch and test_klp lines, in order.</summary>
        public void CheckResult(params string[] expected)
        {
            Assert.Equal(expected, Lp.Log.Select(l => l.Text).Where(t => t.Contains("livepatch:") || t.Contains("test_klp") || t.StartsWith('%')));
            Assert.Empty(Lp.Checker.Violations);
            Assert.Empty(Kernel.Machine.Violations);
        }
    }

    /// <summary>test_klp_callbacks_mod: one traceable function.</summary>
    private const string TargetModule = """
        	.include "kernel.S"
        SYM_FUNC_START test_klp_callbacks_mod_func
        	mov	x0, #0
        	ret
        SYM_FUNC_END test_klp_callbacks_mod_func
        """;

    private const string Demo = "test_klp_callbacks_demo";
    private const string Mod = "test_klp_callbacks_mod";

    /// <summary>test_klp_callbacks_demo with a vmlinux object and one for the target module, each with callbacks that print.</summary>
    private static KlpPatch CallbacksDemoWithModule(BootedKernel kernel)
    {
        string Where(KlpObject o) => o.Name is null ? "vmlinux" : $"{o.Name} -> " + kernel.Modules.Find(o.Name)!.State switch
        {
            ModuleState.Coming => "[MODULE_STATE_COMING] Full formed, running module_init",
            ModuleState.Live => "[MODULE_STATE_LIVE] Normal state",
            _ => "[MODULE_STATE_GOING] Going away",
        };
        KlpCallbacks Callbacks() => new()
        {
            PrePatch = o =>
            {
                kernel.Livepatch.Printk(null, $"{Demo}: pre_patch_callback: {Where(o)}");
                return 0;
            },
            PostPatch = o => kernel.Livepatch.Printk(null, $"{Demo}: post_patch_callback: {Where(o)}"),
            PreUnpatch = o => kernel.Livepatch.Printk(null, $"{Demo}: pre_unpatch_callback: {Where(o)}"),
            PostUnpatch = o => kernel.Livepatch.Printk(null, $"{Demo}: post_unpatch_callback: {Where(o)}"),
        };
        return new KlpPatch(Demo,
        [
            new KlpObject(null, [new KlpFunc("cmdline_proc_show", "livepatch_cmdline_proc_show")], Callbacks()),
            new KlpObject(Mod, [new KlpFunc("test_klp_callbacks_mod_func", "livepatch_meminfo_proc_show")], Callbacks()),
        ]);
    }

    [Fact]
    public void Module_coming_notifier()
    {
        var t = new Selftest();
        var patch = CallbacksDemoWithModule(t.Kernel);
        t.LoadLp(patch);
        Assert.Equal("0\n", t.Kernel.Sysfs.Read($"/sys/kernel/livepatch/{Demo}/{Mod}/patched"));
        t.LoadMod(Mod);
        Assert.Equal("1\n", t.Kernel.Sysfs.Read($"/sys/kernel/livepatch/{Demo}/{Mod}/patched"));
        var func = t.Kernel.Modules.Find(Mod)!.Loaded.FindSymbol("test_klp_callbacks_mod_func")!.Value;
        Assert.Equal(0x94000000u, t.Kernel.Machine.Memory.PeekWord(func + 4) & 0xfc000000u);
        t.DisableLp(patch);
        t.UnloadMod(patch);
        t.UnloadTarget(Mod);
        t.CheckResult(
            $"% insmod test_modules/{Demo}.ko",
            $"livepatch: enabling patch '{Demo}'",
            $"livepatch: '{Demo}': initializing patching transition",
            $"{Demo}: pre_patch_callback: vmlinux",
            $"livepatch: '{Demo}': starting patching transition",
            $"livepatch: '{Demo}': completing patching transition",
            $"{Demo}: post_patch_callback: vmlinux",
            $"livepatch: '{Demo}': patching complete",
            $"% insmod test_modules/{Mod}.ko",
            $"livepatch: applying patch '{Demo}' to loading module '{Mod}'",
            $"{Demo}: pre_patch_callback: {Mod} -> [MODULE_STATE_COMING] Full formed, running module_init",
            $"{Demo}: post_patch_callback: {Mod} -> [MODULE_STATE_COMING] Full formed, running module_init",
            $"{Mod}: {Mod}_init",
            $"% echo 0 > /sys/kernel/livepatch/{Demo}/enabled",
            $"livepatch: '{Demo}': initializing unpatching transition",
            $"{Demo}: pre_unpatch_callback: vmlinux",
            $"{Demo}: pre_unpatch_callback: {Mod} -> [MODULE_STATE_LIVE] Normal state",
            $"livepatch: '{Demo}': starting unpatching transition",
            $"livepatch: '{Demo}': completing unpatching transition",
            $"{Demo}: post_unpatch_callback: vmlinux",
            $"{Demo}: post_unpatch_callback: {Mod} -> [MODULE_STATE_LIVE] Normal state",
            $"livepatch: '{Demo}': unpatching complete",
            $"% rmmod {Demo}",
            $"% rmmod {Mod}",
            $"{Mod}: {Mod}_exit");
    }

    [Fact]
    public void Module_going_notifier()
    {
        var t = new Selftest();
        t.LoadMod(Mod);
        var patch = CallbacksDemoWithModule(t.Kernel);
        t.LoadLp(patch);
        Assert.Equal("1\n", t.Kernel.Sysfs.Read($"/sys/kernel/livepatch/{Demo}/{Mod}/patched"));
        t.UnloadTarget(Mod);
        Assert.Equal("0\n", t.Kernel.Sysfs.Read($"/sys/kernel/livepatch/{Demo}/{Mod}/patched"));
        t.DisableLp(patch);
        t.UnloadMod(patch);
        t.CheckResult(
            $"% insmod test_modules/{Mod}.ko",
            $"{Mod}: {Mod}_init",
            $"% insmod test_modules/{Demo}.ko",
            $"livepatch: enabling patch '{Demo}'",
            $"livepatch: '{Demo}': initializing patching transition",
            $"{Demo}: pre_patch_callback: vmlinux",
            $"{Demo}: pre_patch_callback: {Mod} -> [MODULE_STATE_LIVE] Normal state",
            $"livepatch: '{Demo}': starting patching transition",
            $"livepatch: '{Demo}': completing patching transition",
            $"{Demo}: post_patch_callback: vmlinux",
            $"{Demo}: post_patch_callback: {Mod} -> [MODULE_STATE_LIVE] Normal state",
            $"livepatch: '{Demo}': patching complete",
            $"% rmmod {Mod}",
            $"{Mod}: {Mod}_exit",
            $"{Demo}: pre_unpatch_callback: {Mod} -> [MODULE_STATE_GOING] Going away",
            $"livepatch: reverting patch '{Demo}' on unloading module '{Mod}'",
            $"{Demo}: post_unpatch_callback: {Mod} -> [MODULE_STATE_GOING] Going away",
            $"% echo 0 > /sys/kernel/livepatch/{Demo}/enabled",
            $"livepatch: '{Demo}': initializing unpatching transition",
            $"{Demo}: pre_unpatch_callback: vmlinux",
            $"livepatch: '{Demo}': starting unpatching transition",
            $"livepatch: '{Demo}': completing unpatching transition",
            $"{Demo}: post_unpatch_callback: vmlinux",
            $"livepatch: '{Demo}': unpatching complete",
            $"% rmmod {Demo}");
    }

    private static KlpPatch Livepatch() => KlpPatch.Of("test_klp_livepatch", ("cmdline_proc_show", "livepatch_cmdline_proc_show"));

    private static KlpPatch AtomicReplace(bool replace) =>
        new("test_klp_atomic_replace", [new KlpObject(null, [new KlpFunc("meminfo_proc_show", "livepatch_meminfo_proc_show")])], replace);

    private static string[] Enable(string name) =>
    [
        $"livepatch: enabling patch '{name}'",
        $"livepatch: '{name}': initializing patching transition",
        $"livepatch: '{name}': starting patching transition",
        $"livepatch: '{name}': completing patching transition",
        $"livepatch: '{name}': patching complete",
    ];

    private static string[] Disable(string name) =>
    [
        $"% echo 0 > /sys/kernel/livepatch/{name}/enabled",
        $"livepatch: '{name}': initializing unpatching transition",
        $"livepatch: '{name}': starting unpatching transition",
        $"livepatch: '{name}': completing unpatching transition",
        $"livepatch: '{name}': unpatching complete",
    ];

    [Fact]
    public void Basic_function_patching()
    {
        var t = new Selftest();
        var patch = Livepatch();
        t.LoadLp(patch);
        Assert.Equal("test_klp_livepatch: this has been live patched", t.Cat("cmdline"));
        t.DisableLp(patch);
        t.UnloadMod(patch);
        Assert.Equal(Cmdline, t.Cat("cmdline"));
        t.CheckResult(["% insmod test_modules/test_klp_livepatch.ko", .. Enable("test_klp_livepatch"),
            .. Disable("test_klp_livepatch"), "% rmmod test_klp_livepatch"]);
    }

    [Fact]
    public void Multiple_livepatches()
    {
        var t = new Selftest();
        var first = Livepatch();
        var second = AtomicReplace(replace: false);
        t.LoadLp(first);
        t.LoadLp(second, " replace=0");
        Assert.Equal("test_klp_livepatch: this has been live patched", t.Cat("cmdline"));
        Assert.Equal("test_klp_atomic_replace: this has been live patched", t.Cat("meminfo"));
        t.DisableLp(second);
        t.UnloadMod(second);
        Assert.Equal("test_klp_livepatch: this has been live patched", t.Cat("cmdline"));
        Assert.Equal("MemTotal: 1024 kB", t.Cat("meminfo"));
        t.DisableLp(first);
        t.UnloadMod(first);
        Assert.Equal(Cmdline, t.Cat("cmdline"));
        t.CheckResult(["% insmod test_modules/test_klp_livepatch.ko", .. Enable("test_klp_livepatch"),
            "% insmod test_modules/test_klp_atomic_replace.ko replace=0", .. Enable("test_klp_atomic_replace"),
            .. Disable("test_klp_atomic_replace"), "% rmmod test_klp_atomic_replace",
            .. Disable("test_klp_livepatch"), "% rmmod test_klp_livepatch"]);
    }

    [Fact]
    public void Atomic_replace_livepatch()
    {
        var t = new Selftest();
        var first = Livepatch();
        var replace = AtomicReplace(replace: true);
        t.LoadLp(first);
        Assert.Equal("test_klp_livepatch: this has been live patched", t.Cat("cmdline"));
        t.LoadLp(replace, " replace=1");
        Assert.Equal(["/sys/kernel/livepatch/test_klp_atomic_replace"], t.Kernel.Sysfs.Directories);
        Assert.Equal("1\n", t.Kernel.Sysfs.Read("/sys/kernel/livepatch/test_klp_atomic_replace/replace"));
        Assert.Equal("test_klp_atomic_replace: this has been live patched", t.Cat("meminfo"));
        Assert.Equal(Cmdline, t.Cat("cmdline"));
        // The replaced patch's module goes without a transition of its own.
        t.UnloadMod(first);
        t.DisableLp(replace);
        t.UnloadMod(replace);
        Assert.Equal("MemTotal: 1024 kB", t.Cat("meminfo"));
        Assert.Equal(StaticKeys.Nop, t.Kernel.Machine.Memory.PeekWord(t.Kernel.Image.Symbol("cmdline_proc_show") + 4));
        t.CheckResult(["% insmod test_modules/test_klp_livepatch.ko", .. Enable("test_klp_livepatch"),
            "% insmod test_modules/test_klp_atomic_replace.ko replace=1", .. Enable("test_klp_atomic_replace"),
            "% rmmod test_klp_livepatch", .. Disable("test_klp_atomic_replace"), "% rmmod test_klp_atomic_replace"]);
    }

    private static KlpPatch CallbacksDemo(Livepatch lp, int prePatchResult = 0, string name = "test_klp_callbacks_demo",
        (string Old, string New)? func = null)
    {
        void Say(string callback, KlpObject o) => lp.Printk(null, $"{name}: {callback}: {o.DisplayName}");
        var callbacks = new KlpCallbacks
        {
            PrePatch = o =>
            {
                Say("pre_patch_callback", o);
                return prePatchResult;
            },
            PostPatch = o => Say("post_patch_callback", o),
            PreUnpatch = o => Say("pre_unpatch_callback", o),
            PostUnpatch = o => Say("post_unpatch_callback", o),
        };
        var (old, replacement) = func ?? ("cmdline_proc_show", "livepatch_cmdline_proc_show");
        return new KlpPatch(name, [new KlpObject(null, [new KlpFunc(old, replacement)], callbacks)]);
    }

    [Fact]
    public void Target_module_not_present_runs_every_vmlinux_callback_in_order()
    {
        var t = new Selftest();
        var patch = CallbacksDemo(t.Kernel.Livepatch);
        t.LoadLp(patch);
        t.DisableLp(patch);
        t.UnloadMod(patch);
        const string name = "test_klp_callbacks_demo";
        t.CheckResult(
            $"% insmod test_modules/{name}.ko",
            $"livepatch: enabling patch '{name}'",
            $"livepatch: '{name}': initializing patching transition",
            $"{name}: pre_patch_callback: vmlinux",
            $"livepatch: '{name}': starting patching transition",
            $"livepatch: '{name}': completing patching transition",
            $"{name}: post_patch_callback: vmlinux",
            $"livepatch: '{name}': patching complete",
            $"% echo 0 > /sys/kernel/livepatch/{name}/enabled",
            $"livepatch: '{name}': initializing unpatching transition",
            $"{name}: pre_unpatch_callback: vmlinux",
            $"livepatch: '{name}': starting unpatching transition",
            $"livepatch: '{name}': completing unpatching transition",
            $"{name}: post_unpatch_callback: vmlinux",
            $"livepatch: '{name}': unpatching complete",
            $"% rmmod {name}");
    }

    [Fact]
    public void Pre_patch_callback_ENODEV_cancels_the_patch_and_leaves_nothing_behind()
    {
        var t = new Selftest();
        var patch = CallbacksDemo(t.Kernel.Livepatch, prePatchResult: -19);
        t.LoadFailingMod(patch, " pre_patch_ret=-19", "No such device");
        const string name = "test_klp_callbacks_demo";
        t.CheckResult(
            $"% insmod test_modules/{name}.ko pre_patch_ret=-19",
            $"livepatch: enabling patch '{name}'",
            $"livepatch: '{name}': initializing patching transition",
            $"{name}: pre_patch_callback: vmlinux",
            "livepatch: pre-patch callback failed for object 'vmlinux'",
            $"livepatch: failed to enable patch '{name}'",
            $"livepatch: '{name}': canceling patching transition, going to unpatch",
            $"livepatch: '{name}': completing unpatching transition",
            $"livepatch: '{name}': unpatching complete",
            $"insmod: ERROR: could not insert module test_modules/{name}.ko: No such device");
        Assert.Empty(t.Kernel.Sysfs.Directories);
        Assert.Equal(StaticKeys.Nop, t.Kernel.Machine.Memory.PeekWord(t.Kernel.Image.Symbol("cmdline_proc_show") + 4));
    }

    [Fact]
    public void Busy_target_reverses_the_transition_without_pre_unpatch_callbacks()
    {
        var t = new Selftest();
        t.Kernel.Scheduler.CreateKernelThread("busymod", "sleeper", 10_000, cpu: 0);
        t.Kernel.RunUntil(t.Kernel.NowNs + 20 * Ms);
        var patch = CallbacksDemo(t.Kernel.Livepatch, func: ("sleepy_wait", "livepatch_sleepy_wait"));
        t.LoadLpNowait(patch);
        t.Kernel.RunUntil(t.Kernel.NowNs + 1500 * Ms);
        Assert.Equal("1\n", t.Kernel.Sysfs.Read("/sys/kernel/livepatch/test_klp_callbacks_demo/transition"));
        t.DisableLp(patch);
        t.UnloadMod(patch);
        const string name = "test_klp_callbacks_demo";
        t.CheckResult(
            $"% insmod test_modules/{name}.ko",
            $"livepatch: enabling patch '{name}'",
            $"livepatch: '{name}': initializing patching transition",
            $"{name}: pre_patch_callback: vmlinux",
            $"livepatch: '{name}': starting patching transition",
            $"% echo 0 > /sys/kernel/livepatch/{name}/enabled",
            $"livepatch: '{name}': reversing transition from patching to unpatching",
            $"livepatch: '{name}': starting unpatching transition",
            $"livepatch: '{name}': completing unpatching transition",
            $"{name}: post_unpatch_callback: vmlinux",
            $"livepatch: '{name}': unpatching complete",
            $"% rmmod {name}");
    }

    [Fact]
    public void Sysfs_attributes_have_the_kernels_modes_and_values()
    {
        var t = new Selftest();
        var patch = Livepatch();
        t.LoadLp(patch);
        var sysfs = t.Kernel.Sysfs;
        const string dir = "/sys/kernel/livepatch/test_klp_livepatch";
        Assert.Equal("drwxr-xr-x", sysfs.Mode(dir));
        Assert.Equal("-rw-r--r--", sysfs.Mode($"{dir}/enabled"));
        Assert.Equal("--w-------", sysfs.Mode($"{dir}/force"));
        Assert.Equal("-r--r--r--", sysfs.Mode($"{dir}/transition"));
        Assert.Equal("-r--r--r--", sysfs.Mode($"{dir}/replace"));
        Assert.Equal("-r--r--r--", sysfs.Mode($"{dir}/stack_order"));
        Assert.Equal("drwxr-xr-x", sysfs.Mode($"{dir}/vmlinux"));
        Assert.Equal("-r--r--r--", sysfs.Mode($"{dir}/vmlinux/patched"));
        Assert.Equal("drwxr-xr-x", sysfs.Mode($"{dir}/vmlinux/cmdline_proc_show,1"));
        Assert.Equal("1\n", sysfs.Read($"{dir}/enabled"));
        Assert.Equal("0\n", sysfs.Read($"{dir}/transition"));
        Assert.Equal("0\n", sysfs.Read($"{dir}/replace"));
        Assert.Equal("1\n", sysfs.Read($"{dir}/vmlinux/patched"));
        // Writing the current value, re-enabling and forcing outside a transition are all -EINVAL.
        Assert.Equal(-22, sysfs.Write($"{dir}/enabled", "1"));
        Assert.Equal(-22, sysfs.Write($"{dir}/force", "1"));
        Assert.Equal(0, sysfs.Write($"{dir}/force", "0"));
        Assert.Contains("-rw-r--r-- enabled = 1", sysfs.Status());
        t.DisableLp(patch);
        Assert.Null(sysfs.Mode(dir));
    }

    [Fact]
    public void Sysfs_stack_order_renumbers_when_a_middle_patch_goes()
    {
        var t = new Selftest();
        var patches = new[]
        {
            KlpPatch.Of("test_klp_livepatch", ("cmdline_proc_show", "livepatch_cmdline_proc_show")),
            KlpPatch.Of("test_klp_callbacks_demo", ("meminfo_proc_show", "livepatch_meminfo_proc_show")),
            KlpPatch.Of("test_klp_syscall", ("__arm64_sys_getpid", "livepatch_sys_getpid")),
        };
        foreach (var p in patches) t.LoadLp(p);
        string Order(KlpPatch p) => t.Kernel.Sysfs.Read($"/sys/kernel/livepatch/{p.Name}/stack_order")!;
        Assert.Equal(["1\n", "2\n", "3\n"], patches.Select(Order));
        t.DisableLp(patches[1]);
        Assert.Equal(["1\n", "2\n"], new[] { patches[0], patches[2] }.Select(Order));
    }

    [Fact]
    public void Stacked_patches_of_one_function_run_the_newest_and_fall_back_to_the_previous()
    {
        var t = new Selftest();
        var first = KlpPatch.Of("test_klp_first", ("meminfo_proc_show", "livepatch_cmdline_proc_show"));
        var second = AtomicReplace(replace: false);
        t.LoadLp(first);
        t.LoadLp(second);
        Assert.Equal("test_klp_atomic_replace: this has been live patched", t.Cat("meminfo"));
        var meminfo = t.Kernel.Image.Symbol("meminfo_proc_show");
        Assert.Equal(second.Funcs.Single(), t.Kernel.Livepatch.Effective(meminfo, PatchState.Idle));
        t.DisableLp(second);
        Assert.Equal(first.Funcs.Single(), t.Kernel.Livepatch.Effective(meminfo, PatchState.Idle));
        // The first patch's version of meminfo_proc_show leaves proc_meminfo_shown alone.
        t.Kernel.Scheduler.Write(t.Kernel.Image.Symbol("proc_meminfo_shown"), 8, 7);
        t.Kernel.RunUntil(t.Kernel.NowNs + 20 * Ms);
        Assert.Equal(7UL, t.Kernel.Counter("proc_meminfo_shown"));
        Assert.Empty(t.Kernel.Livepatch.Checker.Violations);
    }

    [Fact]
    public void Patch_getpid_syscall_while_being_heavily_hammered()
    {
        var t = new Selftest();
        var hammers = Enumerable.Range(0, 8).Select(i => t.Kernel.Scheduler.CreateUserTask($"test_klp-call_getpid", "user_getpid_loop", cpu: i % 2)).ToList();
        t.Kernel.RunUntil(t.Kernel.NowNs + 50 * Ms);
        var patch = KlpPatch.Of("test_klp_syscall", ("__arm64_sys_getpid", "livepatch_sys_getpid"));
        var pids = string.Join(",", hammers.Select(h => h.Pid));
        t.LoadLp(patch, $" klp_pids={pids}");
        // npids: the hammering processes that have not yet run the patched getpid.
        var seen = t.Kernel.Image.Symbol("livepatched_pids");
        bool Patched(KernelTask h) => (t.Kernel.Scheduler.Read(seen + (ulong)(h.Pid / 64) * 8, 8) >> (h.Pid % 64) & 1) != 0;
        Assert.True(t.Kernel.RunUntil(() => hammers.All(Patched), t.Kernel.NowNs + 5000 * Ms));
        t.Kernel.Livepatch.Printk(null, $"test_klp_syscall: Remaining not livepatched processes: {hammers.Count(h => !Patched(h))}");
        t.DisableLp(patch);
        t.UnloadMod(patch);
        t.CheckResult([$"% insmod test_modules/test_klp_syscall.ko klp_pids={pids}", .. Enable("test_klp_syscall"),
            "test_klp_syscall: Remaining not livepatched processes: 0", .. Disable("test_klp_syscall"), "% rmmod test_klp_syscall"]);
    }

    private static KlpPatch StatePatch(string name, uint version) =>
        new(name, [new KlpObject(null, [new KlpFunc("meminfo_proc_show", "livepatch_meminfo_proc_show")])], replace: true,
            states: [new KlpState(1, version)]);

    [Fact]
    public void Incompatible_cumulative_livepatches()
    {
        var t = new Selftest();
        var state2 = StatePatch("test_klp_state2", 2);
        var state = StatePatch("test_klp_state", 1);
        t.LoadLp(state2);
        t.LoadFailingMod(state, "", "Invalid argument");
        t.DisableLp(state2);
        t.UnloadMod(state2);
        t.CheckResult(["% insmod test_modules/test_klp_state2.ko", .. Enable("test_klp_state2"),
            "% insmod test_modules/test_klp_state.ko",
            "livepatch: Livepatch patch (test_klp_state) is not compatible with the already installed livepatches.",
            "insmod: ERROR: could not insert module test_modules/test_klp_state.ko: Invalid argument",
            .. Disable("test_klp_state2"), "% rmmod test_klp_state2"]);
    }

    [Fact]
    public void Compatible_cumulative_livepatches_see_the_previous_state_during_their_transition()
    {
        var t = new Selftest();
        t.LoadLp(StatePatch("test_klp_state", 1));
        KlpState? previous = null;
        var callbacks = new KlpCallbacks
        {
            PrePatch = _ =>
            {
                previous = t.Kernel.Livepatch.PreviousState(1);
                return 0;
            },
        };
        t.LoadLp(new KlpPatch("test_klp_state2",
            [new KlpObject(null, [new KlpFunc("meminfo_proc_show", "livepatch_meminfo_proc_show")], callbacks)],
            replace: true, states: [new KlpState(1, 2)]));
        Assert.Equal(new KlpState(1, 1), previous);
        Assert.Equal(["/sys/kernel/livepatch/test_klp_state2"], t.Kernel.Sysfs.Directories);
    }

    [Fact]
    public void Basic_shadow_variable_API()
    {
        var t = new Selftest();
        var shadow = t.Kernel.ShadowVariables;
        const ulong obj1 = 0x1000, obj2 = 0x2000, obj3 = 0x3000;
        Assert.Null(shadow.Get(obj1, 0x1234));
        var constructed = new List<ulong>();
        int Ctor(ulong data)
        {
            constructed.Add(data);
            t.Kernel.Scheduler.Write(data, 8, 0x5a5a);
            return 0;
        }
        var sv1 = shadow.Alloc(obj1, 0x1234, 8, Ctor);
        var sv2 = shadow.Alloc(obj2, 0x1234, 8, Ctor);
        var sv3 = shadow.GetOrAlloc(obj3, 0x1234, 8, Ctor);
        var sv4 = shadow.Alloc(obj1, 0x1235, 8, Ctor);
        Assert.Equal([sv1!.Value, sv2!.Value, sv3!.Value, sv4!.Value], constructed);
        Assert.Equal(sv1, shadow.Get(obj1, 0x1234));
        Assert.Equal(sv3, shadow.GetOrAlloc(obj3, 0x1234, 8, Ctor));
        Assert.Equal(0x5a5aUL, t.Kernel.Scheduler.Read(sv3.Value, 8));
        Assert.Null(shadow.Alloc(obj1, 0x1234, 8, Ctor));
        Assert.Single(shadow.Warnings);
        var destroyed = new List<ulong>();
        shadow.Free(obj1, 0x1234, (_, data) => destroyed.Add(data));
        Assert.Null(shadow.Get(obj1, 0x1234));
        shadow.FreeAll(0x1234, (_, data) => destroyed.Add(data));
        Assert.Equal([sv1.Value, sv2.Value, sv3.Value], destroyed);
        Assert.Equal(sv4, shadow.Get(obj1, 0x1235));
        Assert.Equal(1, shadow.Count);
    }
}
