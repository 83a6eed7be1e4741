using PatchLab.Linking;
using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>enum module_state, as livepatch's callbacks see it.</summary>
public enum ModuleState
{
    Live,
    Coming,
    Going,
}

/// <summary>A loaded module: its sections and symbols in the module region, and its state.</summary>
public sealed class KernelModule(string name, LoadedModule loaded)
{
    public string Name { get; } = name;
    public LoadedModule Loaded { get; } = loaded;
    public ModuleState State { get; internal set; } = ModuleState.Coming;
}

/// <summary>
/// insmod and rmmod: modules assembled from source, loaded into the module region with the module loader (PLTs for
/// what a BL cannot reach), their ftrace sites initialised, and livepatch told as the kernel tells it
/// (klp_module_coming before the module's init, klp_module_going after its exit). Each is a work item on the kworker.
/// </summary>
public sealed class KernelModules(Scheduler scheduler, Livepatch livepatch)
{
    /// <summary>Where modules are loaded: 64 MiB above the kernel's text, within BL range of it.</summary>
    public const ulong Region = KernelImage.TextBase + 0x4000000;

    private readonly List<KernelModule> _modules = [];

    public IReadOnlyList<KernelModule> Loaded => _modules;

    public KernelModule? Find(string? name) => _modules.Find(m => m.Name == name);

    /// <summary>insmod: <paramref name="init"/> runs as the module's init; <paramref name="done"/> gets 0 or the negative errno.</summary>
    public void Insmod(string name, string source, Action<KernelModule>? init = null, Action<int>? done = null)
    {
        if (Find(name) is not null) throw new UserInputException($"insmod: module {name} is already loaded");
        var obj = KernelLibrary.Assemble(scheduler.Config, name + ".S", source);
        scheduler.QueueWork(cpu => Load(cpu, name, obj, init, done));
    }

    /// <summary>rmmod: <paramref name="exit"/> runs as the module's exit, then livepatch reverts what it patched there.</summary>
    public void Rmmod(string name, Action<KernelModule>? exit = null)
    {
        var module = Find(name) ?? throw new UserInputException($"rmmod: module {name} is not loaded");
        scheduler.QueueWork(cpu => Unload(cpu, module, exit));
    }

    private IEnumerable<ulong> Load(Cpu cpu, string name, Elf.RelocatableObject obj, Action<KernelModule>? init, Action<int>? done)
    {
        var start = _modules.Count == 0 ? Region : Linker.AlignUp(_modules.Max(m => m.Loaded.End), (ulong)Memory.PageSize);
        var loaded = ModuleLoader.Load(obj, scheduler.Image.Image, start, [.. _modules.Select(m => m.Loaded)]);
        var memory = scheduler.Machine.Memory;
        memory.Map(loaded.Base, Linker.AlignUp(loaded.End - loaded.Base, (ulong)Memory.PageSize), PagePermissions.ReadExecute | PagePermissions.Write);
        foreach (var section in loaded.Sections.Where(s => s.Type != Elf.SectionType.NoBits && s.Size > 0))
            memory.Load(section.Address, section.Data);
        // ftrace_module_init: the first NOP of each patchable entry becomes MOV X9, X30 before the module runs.
        if (loaded.Sections.Find(s => s.Name == "__patchable_function_entries") is { } entries)
            for (var at = entries.Address; at < entries.Address + entries.Size; at += 8)
                memory.Load(memory.Read(at, 8), BitConverter.GetBytes(Scheduler.MovX9X30));
        yield return 1;
        var module = new KernelModule(name, loaded);
        _modules.Add(module);
        var result = 0;
        foreach (var cost in livepatch.ModuleComing(cpu, module, r => result = r)) yield return cost;
        if (result != 0)
        {
            _modules.Remove(module);
            memory.Unmap(loaded.Base, Linker.AlignUp(loaded.End - loaded.Base, (ulong)Memory.PageSize));
            done?.Invoke(result);
            yield break;
        }
        init?.Invoke(module);
        module.State = ModuleState.Live;
        done?.Invoke(0);
    }

    private IEnumerable<ulong> Unload(Cpu cpu, KernelModule module, Action<KernelModule>? exit)
    {
        exit?.Invoke(module);
        module.State = ModuleState.Going;
        foreach (var cost in livepatch.ModuleGoing(cpu, module)) yield return cost;
        _modules.Remove(module);
        scheduler.Machine.Memory.Unmap(module.Loaded.Base, Linker.AlignUp(module.Loaded.End - module.Loaded.Base, (ulong)Memory.PageSize));
    }
}
