namespace PatchLab.Kernel;

/// <summary>One function a patch replaces (struct klp_func): old and new code as address ranges of the image.</summary>
public sealed class KlpFunc
{
    public KlpFunc(string oldName, string? newName)
    {
        OldName = oldName;
        NewName = newName;
    }

    public string OldName { get; }

    /// <summary>The replacement; null for a NOP function of an atomic replace (the original runs again).</summary>
    public string? NewName { get; }

    public ulong OldFunc { get; internal set; }
    public ulong OldSize { get; internal set; }
    public ulong NewFunc { get; internal set; }
    public ulong NewSize { get; internal set; }
    public bool Patched { get; internal set; }
    public bool Transition { get; internal set; }
    public bool Nop => NewName is null;
    public KlpObject Object { get; internal set; } = null!;
}

/// <summary>Callbacks of an object (struct klp_callbacks); pre_patch may refuse with a negative errno.</summary>
public sealed class KlpCallbacks
{
    public Func<KlpObject, int>? PrePatch { get; init; }
    public Action<KlpObject>? PostPatch { get; init; }
    public Action<KlpObject>? PreUnpatch { get; init; }
    public Action<KlpObject>? PostUnpatch { get; init; }
}

/// <summary>The functions a patch replaces in one object (vmlinux or a module), struct klp_object.</summary>
public sealed class KlpObject
{
    public KlpObject(string? name, IEnumerable<KlpFunc> funcs, KlpCallbacks? callbacks = null)
    {
        Name = name;
        Funcs = [.. funcs];
        Callbacks = callbacks ?? new KlpCallbacks();
        foreach (var f in Funcs) f.Object = this;
    }

    /// <summary>null for vmlinux.</summary>
    public string? Name { get; }

    public string DisplayName => Name ?? "vmlinux";
    public List<KlpFunc> Funcs { get; }
    public KlpCallbacks Callbacks { get; }
    public bool Patched { get; internal set; }

    /// <summary>Whether this object's pre_patch ran successfully, so that its post_unpatch runs.</summary>
    internal bool PostUnpatchEnabled { get; set; }

    /// <summary>Added by an atomic replace for functions the new patch no longer touches.</summary>
    public bool Dynamic { get; internal init; }

    public KlpPatch Patch { get; internal set; } = null!;
}

/// <summary>A system state a patch modifies (struct klp_state): its id and the version of the modification.</summary>
public sealed record KlpState(ulong Id, uint Version);

/// <summary>A livepatch (struct klp_patch), named after its module.</summary>
public sealed class KlpPatch
{
    public KlpPatch(string name, IEnumerable<KlpObject> objects, bool replace = false, IEnumerable<KlpState>? states = null)
    {
        Name = name;
        Objects = [.. objects];
        Replace = replace;
        States = [.. states ?? []];
        foreach (var o in Objects) o.Patch = this;
    }

    public IReadOnlyList<KlpState> States { get; }

    public string Name { get; }
    public List<KlpObject> Objects { get; }
    public bool Replace { get; }
    public bool Enabled { get; internal set; }

    /// <summary>Set when a transition involving the patch was forced: its module can never be removed.</summary>
    public bool Forced { get; internal set; }

    public IEnumerable<KlpFunc> Funcs => Objects.SelectMany(o => o.Funcs);

    /// <summary>A patch of vmlinux replacing each (old, new) pair.</summary>
    public static KlpPatch Of(string name, params (string Old, string New)[] funcs) =>
        new(name, [new KlpObject(null, funcs.Select(f => new KlpFunc(f.Old, f.New)))]);
}
