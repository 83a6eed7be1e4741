using PatchLab.Elf;
using PatchLab.Linking;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Linking;

/// <summary>Builds the multi-object test programs in Linking/Programs: GCC and GNU as make the objects.</summary>
internal static class LinkPrograms
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Linking", "Programs");

    /// <summary>The freestanding, non-PIC code the linker is for; -fcommon so tentative definitions are COMMON.</summary>
    private static readonly string[] CFlags = ["-c", "-fno-pie", "-ffreestanding", "-mgeneral-regs-only", "-fno-stack-protector",
        "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-fcommon", "-I", Gcc.ProgramsDirectory];

    /// <summary>Compiles (.c) or assembles (.s) each source; returns the object paths in order.</summary>
    public static List<string> Objects(TempDir dir, string optimisation, params string[] sources)
    {
        var objects = new List<string>();
        foreach (var source in sources)
        {
            var output = dir.File(Path.GetFileNameWithoutExtension(source) + optimisation.Replace("-", "_").Replace(" ", "") + ".o");
            var path = Path.Combine(Directory, source);
            if (source.EndsWith(".s", StringComparison.Ordinal)) OracleTool.Run("aarch64-linux-gnu-as", "-o", output, path);
            else OracleTool.Run("aarch64-linux-gnu-gcc", [.. CFlags, .. optimisation.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-o", output, path]);
            objects.Add(output);
        }
        return objects;
    }

    public static List<RelocatableObject> Read(IEnumerable<string> paths) =>
        [.. paths.Select(p =>
        {
            using var file = ElfFile.Open(p);
            return file.ReadRelocatable();
        })];

    /// <summary>Links with our linker and writes the executable; returns the image.</summary>
    public static Image LinkTo(string output, IEnumerable<string> objects, LinkLayout layout)
    {
        var image = Linker.Link(Read(objects), layout);
        using (var stream = File.Create(output)) ElfWriter.WriteExecutable(image.ToExecutable(), stream);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(output, File.GetUnixFileMode(output) | UnixFileMode.UserExecute);
        return image;
    }
}
