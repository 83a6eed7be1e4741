using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>
/// Livepatch shadow variables (kernel/livepatch/shadow.c): data attached to an existing object by (object, id),
/// allocated in emulated memory so that patched code can use it. Nothing is freed automatically.
/// </summary>
public sealed class ShadowVariables
{
    /// <summary>Where shadow data is allocated (a bump allocator standing in for kmalloc).</summary>
    public const ulong Region = 0xffff000020000000;

    private const ulong RegionSize = 0x100000;

    private readonly Memory _memory;
    private readonly Dictionary<(ulong Obj, ulong Id), ulong> _variables = [];
    private ulong _next = Region;

    public ShadowVariables(Memory memory)
    {
        _memory = memory;
        memory.Map(Region, RegionSize, PagePermissions.ReadWrite);
    }

    /// <summary>Warnings the kernel would WARN() about (an alloc of an existing variable).</summary>
    public List<string> Warnings { get; } = [];

    public int Count => _variables.Count;

    /// <summary>klp_shadow_get: the data's address, or null.</summary>
    public ulong? Get(ulong obj, ulong id) => _variables.TryGetValue((obj, id), out var data) ? data : null;

    /// <summary>klp_shadow_alloc: null (and a warning) if &lt;obj, id&gt; exists; zeroed data, then the constructor (non-zero: fails).</summary>
    public ulong? Alloc(ulong obj, ulong id, ulong size, Func<ulong, int>? ctor = null)
    {
        if (_variables.ContainsKey((obj, id)))
        {
            Warnings.Add($"Duplicate shadow variable <{obj:x}, {id:x}>");
            return null;
        }
        return Create(obj, id, size, ctor);
    }

    /// <summary>klp_shadow_get_or_alloc: the existing data, or new data as <see cref="Alloc"/> makes it.</summary>
    public ulong? GetOrAlloc(ulong obj, ulong id, ulong size, Func<ulong, int>? ctor = null) =>
        Get(obj, id) ?? Create(obj, id, size, ctor);

    /// <summary>klp_shadow_free: the destructor runs on the data, which is then forgotten.</summary>
    public void Free(ulong obj, ulong id, Action<ulong, ulong>? dtor = null)
    {
        if (!_variables.Remove((obj, id), out var data)) return;
        dtor?.Invoke(obj, data);
    }

    /// <summary>klp_shadow_free_all: every variable with this id, whatever its object.</summary>
    public void FreeAll(ulong id, Action<ulong, ulong>? dtor = null)
    {
        foreach (var key in _variables.Keys.Where(k => k.Id == id).ToList()) Free(key.Obj, key.Id, dtor);
    }

    private ulong? Create(ulong obj, ulong id, ulong size, Func<ulong, int>? ctor)
    {
        var data = (_next + 15) & ~15UL;
        if (data + size > Region + RegionSize) throw new InvalidOperationException("shadow variable region exhausted");
        _next = data + size;
        for (var i = 0UL; i < size; i++) _memory.Write(data + i, 1, 0, -1, 0);
        if (ctor is not null && ctor(data) != 0) return null;
        _variables[(obj, id)] = data;
        return data;
    }
}
