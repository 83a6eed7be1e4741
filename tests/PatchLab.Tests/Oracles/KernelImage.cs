namespace PatchLab.Tests.Oracles;

/// <summary>A real arm64 Linux kernel (Debian's cloud-arm64 debug vmlinux), fetched by scripts/fetch-kernel.</summary>
internal static class KernelImage
{
    public static string Vmlinux
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("PATCHLAB_VMLINUX") ?? "/var/cache/patchlab/vmlinux";
            if (!File.Exists(path))
                throw new InvalidOperationException($"no arm64 vmlinux at {path}: run scripts/fetch-kernel (scripts/test does)");
            return path;
        }
    }
}
