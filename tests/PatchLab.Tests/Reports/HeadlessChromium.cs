using System.Diagnostics;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Reports;

/// <summary>Debian's chromium, headless: the DOM a page leaves after its scripts ran, its console, a screenshot.</summary>
internal static class HeadlessChromium
{
    public static (string Dom, string[] Console) DumpDom(string page)
    {
        var (output, error) = Run(page, "--enable-logging=stderr", "--v=0", "--dump-dom");
        return (output, error.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray());
    }

    public static void Screenshot(string page, string png, int width, int height) =>
        Run(page, $"--window-size={width},{height}", "--hide-scrollbars", $"--screenshot={png}");

    private static (string Output, string Error) Run(string page, params string[] arguments)
    {
        var chromium = FindOnPath("chromium") ?? throw new InvalidOperationException(
            "chromium is missing: install Debian's chromium package (scripts/test installs it) to test the HTML reports");
        using var profile = new TempDir();
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // As root (containers, CI) chromium refuses to start with its sandbox (the page is our own), and a container's
        // small /dev/shm can stall it.
        foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--user-data-dir={profile.Path}",
                     .. arguments, new Uri(Path.GetFullPath(page)).AbsoluteUri])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish with {page}");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {error.Result}");
        return (output, error.Result);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
