namespace PatchLab.Tests.Oracles;

/// <summary>The AArch64 cross GCC, building the freestanding test programs in Machine/Programs.</summary>
internal static class Gcc
{
    public static string ProgramsDirectory => Path.Combine(AppContext.BaseDirectory, "Machine", "Programs");

    /// <summary>Compiles and links a static freestanding executable; returns its path inside <paramref name="dir"/>.</summary>
    public static string BuildStatic(TempDir dir, string program, params string[] flags)
    {
        var output = dir.File(Path.GetFileNameWithoutExtension(program) + string.Concat(flags).Replace("=", "").Replace("-", "_"));
        string[] common = ["-static", "-nostdlib", "-ffreestanding", "-mgeneral-regs-only", "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables", "-I", ProgramsDirectory];
        OracleTool.Run("aarch64-linux-gnu-gcc", [.. common, .. flags, "-o", output, Path.Combine(ProgramsDirectory, program), "-lgcc"]);
        return output;
    }
}

/// <summary>qemu-aarch64 as the judge of what a user-mode program prints and returns.</summary>
internal static class Qemu
{
    public static (int Exit, string Out) Run(string binary, params string[] args)
    {
        var result = OracleTool.RunRaw("qemu-aarch64", [binary, .. args]);
        return (result.Exit, result.Out);
    }
}
