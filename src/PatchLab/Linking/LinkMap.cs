using System.Globalization;

namespace PatchLab.Linking;

/// <summary>A link map as <c>--map</c> writes it: sections, symbols by address, and every veneer with its callers.</summary>
public static class LinkMap
{
    public static void Write(Image image, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"Entry point 0x{image.Entry:x16}"));
        writer.WriteLine();
        writer.WriteLine("Sections");
        foreach (var s in image.Sections)
            writer.WriteLine(string.Create(c, $"  {s.Name,-20} 0x{s.Address:x16} 0x{s.Size:x8} align {s.Alignment}"));
        writer.WriteLine();
        writer.WriteLine("Symbols");
        foreach (var s in image.Symbols.Where(s => !s.Name.StartsWith('$')).OrderBy(s => s.Value).ThenBy(s => s.Name, StringComparer.Ordinal))
            writer.WriteLine(string.Create(c, $"  0x{s.Value:x16} 0x{s.Size:x8} {s.Binding.ToString().ToLowerInvariant(),-6} {s.Section?.Name ?? "*ABS*",-12} {s.Name}"));
        writer.WriteLine();
        writer.WriteLine(string.Create(c, $"Veneers ({image.Veneers.Count})"));
        foreach (var v in image.Veneers)
        {
            writer.WriteLine(string.Create(c, $"  0x{v.Address:x16} {v.Name} -> {v.Target} (0x{v.TargetAddress:x16}), {v.Callers.Count} caller(s)"));
            foreach (var caller in v.Callers)
                writer.WriteLine(string.Create(c, $"    from {caller}"));
        }
    }
}
