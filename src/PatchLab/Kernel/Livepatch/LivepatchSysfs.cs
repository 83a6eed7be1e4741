using System.Text;

namespace PatchLab.Kernel;

/// <summary>
/// /sys/kernel/livepatch as the kernel presents it: one directory per patch with enabled (rw), transition (r),
/// force (w), replace (r), stack_order (r), and per object a directory with patched (r) and one empty directory per
/// function ("name,sympos"). Reads give the attribute's text; writes give 0 or the store's negative errno.
/// </summary>
public sealed class LivepatchSysfs(Livepatch livepatch)
{
    public const string Root = "/sys/kernel/livepatch";

    private const int Einval = 22;
    private const int Eacces = 13;
    private const int Enoent = 2;

    /// <summary>The patch directories, in stack order.</summary>
    public IEnumerable<string> Directories => livepatch.Patches.Select(p => $"{Root}/{p.Name}");

    /// <summary>ls -l's mode string of a path, or null if it does not exist.</summary>
    public string? Mode(string path)
    {
        var (patch, rest) = Resolve(path);
        if (patch is null) return null;
        return rest switch
        {
            "" => "drwxr-xr-x",
            "enabled" => "-rw-r--r--",
            "force" => "--w-------",
            "transition" or "replace" or "stack_order" => "-r--r--r--",
            _ when Object(patch, rest) is { } o => rest.EndsWith("/patched", StringComparison.Ordinal) ? "-r--r--r--"
                : rest == o.DisplayName || o.Funcs.Any(f => rest == $"{o.DisplayName}/{f.OldName},1") ? "drwxr-xr-x" : null,
            _ => null,
        };
    }

    /// <summary>cat PATH: the attribute's text ("1\n"), or null if it does not exist or cannot be read.</summary>
    public string? Read(string path)
    {
        var (patch, rest) = Resolve(path);
        if (patch is null) return null;
        int? value = rest switch
        {
            "enabled" => patch.Enabled ? 1 : 0,
            "transition" => patch == livepatch.TransitionPatch ? 1 : 0,
            "replace" => patch.Replace ? 1 : 0,
            "stack_order" => livepatch.Patches.IndexOf(patch) + 1,
            _ when rest.EndsWith("/patched", StringComparison.Ordinal) && Object(patch, rest) is { } o => o.Patched ? 1 : 0,
            _ => null,
        };
        return value is { } v ? $"{v}\n" : null;
    }

    /// <summary>echo VALUE &gt; PATH: 0, or the store's negative errno.</summary>
    public int Write(string path, string value)
    {
        var (patch, rest) = Resolve(path);
        if (patch is null) return -Enoent;
        if (rest is not ("enabled" or "force")) return Mode(path) is null ? -Enoent : -Eacces;
        if (ParseBool(value) is not { } flag) return -Einval;
        if (rest == "enabled") return livepatch.WriteEnabled(patch, flag);
        return flag ? livepatch.WriteForce(patch) : 0;
    }

    /// <summary>Every path under the root with its mode and, for readable attributes, its value.</summary>
    public string Status()
    {
        var text = new StringBuilder();
        foreach (var patch in livepatch.Patches)
        {
            var dir = $"{Root}/{patch.Name}";
            text.Append(dir).Append('\n');
            foreach (var attribute in new[] { "enabled", "force", "replace", "stack_order", "transition" })
                text.Append($"  {Mode($"{dir}/{attribute}")} {attribute}{(Read($"{dir}/{attribute}") is { } v ? " = " + v.TrimEnd() : "")}\n");
            foreach (var obj in patch.Objects)
            {
                text.Append($"  drwxr-xr-x {obj.DisplayName}/\n    -r--r--r-- patched = {(obj.Patched ? 1 : 0)}\n");
                foreach (var func in obj.Funcs) text.Append($"    drwxr-xr-x {func.OldName},1/\n");
            }
        }
        return text.ToString();
    }

    /// <summary>kstrtobool: 1/0, y/n, on/off.</summary>
    private static bool? ParseBool(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "y" or "yes" or "on" => true,
        "0" or "n" or "no" or "off" => false,
        _ => null,
    };

    private (KlpPatch? Patch, string Path) Resolve(string path)
    {
        if (!path.StartsWith(Root + "/", StringComparison.Ordinal)) return (null, "");
        var relative = path[(Root.Length + 1)..].TrimEnd('/');
        var slash = relative.IndexOf('/');
        var name = slash < 0 ? relative : relative[..slash];
        return (livepatch.Patches.Find(p => p.Name == name), slash < 0 ? "" : relative[(slash + 1)..]);
    }

    private static KlpObject? Object(KlpPatch patch, string rest)
    {
        var name = rest.Split('/')[0];
        return patch.Objects.Find(o => o.DisplayName == name);
    }
}
