using PatchLab.Arm64.Assembler;
using PatchLab.Linking;
using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>
/// Kernel-style code built and loaded the way the scenarios need it: sources assembled (with PatchLab's include
/// files, e.g. <c>.include "static_key.S"</c>), linked at the arm64 kernel's text address, and loaded into a machine:
/// code pages readable, executable and writable by the patcher, data pages readable and writable.
/// </summary>
public sealed class KernelImage
{
    public const ulong TextBase = 0xffff800008000000;

    private KernelImage(Image image) => Image = image;

    public Image Image { get; }

    /// <summary>The folder holding PatchLab's include files, extracted from the library once per version.</summary>
    public static string IncludeDirectory { get; } = ExtractIncludes();

    public ulong Symbol(string name) =>
        Image.FindSymbol(name)?.Value ?? throw new UserInputException($"the kernel image has no symbol `{name}'");

    /// <summary>Assembles each (name, source) pair, links them with <paramref name="entry"/> as the entry point.</summary>
    public static KernelImage Build(IEnumerable<(string Name, string Source)> sources, string entry)
    {
        var objects = sources.Select(s => SourceAssembler.Assemble(s.Source, Path.Combine(IncludeDirectory, s.Name))).ToList();
        return new KernelImage(Linker.Link(objects, new LinkLayout { Entry = entry, TextStart = TextBase, PageSize = Memory.PageSize }));
    }

    public void LoadInto(AArch64Machine machine) => ImageLoader.Load(Image, machine.Memory);

    private static string ExtractIncludes()
    {
        var assembly = typeof(KernelImage).Assembly;
        var version = assembly.GetName().Version?.ToString() ?? "0";
        var directory = Path.Combine(Path.GetTempPath(), $"patchlab-include-{version}-{Environment.UserName}");
        Directory.CreateDirectory(directory);
        const string prefix = "PatchLab.Kernel.Include.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var path = Path.Combine(directory, name[prefix.Length..]);
            if (!File.Exists(path) || File.ReadAllText(path) != text) File.WriteAllText(path, text);
        }
        return directory;
    }
}
