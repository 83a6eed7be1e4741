using PatchLab.Arm64.Assembler;
using PatchLab.Elf;
using PatchLab.Linking;
using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>
/// Kernel-style code built and loaded the way the scenarios need it: sources assembled (with PatchLab's include
/// files, e.g. <c>.include "static_key.S"</c>), linked at the arm64 kernel's text address, and loaded into a machine:
/// code pages readable, executable and writable by the patcher, data pages readable and writable (a page
/// holding both gets both).
/// </summary>
public sealed class KernelImage
{
    public const ulong TextBase = 0xffff800008000000;

    /// <summary>
    /// Where <c>.module.text</c> goes: 256 MiB above the kernel text, out of B/BL range of it, as a module loaded
    /// in the 2 GiB fallback region is (calls between the two need a PLT or a literal).
    /// </summary>
    public const ulong ModuleTextBase = TextBase + 0x1000_0000;

    private KernelImage(Image image, StaticCallFlavour staticCalls)
    {
        Image = image;
        StaticCallFlavour = staticCalls;
    }

    public Image Image { get; }

    /// <summary>How the image's static calls were built (CONFIG_STATIC_CALL_FLAVOUR in static_call.S).</summary>
    public StaticCallFlavour StaticCallFlavour { get; }

    /// <summary>The folder holding PatchLab's include files, extracted from the library once per version.</summary>
    public static string IncludeDirectory { get; } = ExtractIncludes();

    public ulong Symbol(string name) =>
        Image.FindSymbol(name)?.Value ?? throw new UserInputException($"the kernel image has no symbol `{name}'");

    /// <summary>
    /// Assembles each (name, source) pair (each starts with CONFIG_STATIC_CALL_FLAVOUR defined), links them with
    /// <paramref name="entry"/> as the entry point.
    /// </summary>
    public static KernelImage Build(IEnumerable<(string Name, string Source)> sources, string entry,
        StaticCallFlavour staticCalls = StaticCallFlavour.OutOfLine) =>
        Link([.. sources.Select(s => Assemble(s.Name, s.Source, staticCalls))], entry, staticCalls);

    /// <summary>Assembles kernel-style source with PatchLab's include files and CONFIG_STATIC_CALL_FLAVOUR defined.</summary>
    public static RelocatableObject Assemble(string name, string source, StaticCallFlavour staticCalls) =>
        SourceAssembler.Assemble($".equ CONFIG_STATIC_CALL_FLAVOUR, {(int)staticCalls}\n" + source, Path.Combine(IncludeDirectory, name));

    /// <summary>Links objects at the kernel's text address, <c>.module.text</c> at <see cref="ModuleTextBase"/>.</summary>
    public static KernelImage Link(IReadOnlyList<RelocatableObject> objects, string entry, StaticCallFlavour staticCalls)
    {
        var layout = new LinkLayout
        {
            Entry = entry,
            TextStart = TextBase,
            SectionStarts = new Dictionary<string, ulong> { [".module.text"] = ModuleTextBase },
            PageSize = Memory.PageSize,
        };
        return new KernelImage(Linker.Link(objects, layout), staticCalls);
    }

    public void LoadInto(AArch64Machine machine) => ImageLoader.Load(Image, machine.Memory);

    /// <summary>
    /// Loads the image and starts every CPU at its entry with interrupts unmasked and its CPU number in x0, the way
    /// the scenarios' bare images tell the patching CPU from the ones that run through the sites.
    /// </summary>
    public void BootAllCpus(AArch64Machine machine)
    {
        LoadInto(machine);
        foreach (var cpu in machine.Cpus)
        {
            cpu.Pc = Image.Entry;
            cpu.Daif = 0;
            cpu.SetX(0, (ulong)cpu.Index);
        }
    }

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
