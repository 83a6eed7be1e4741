using System.Reflection;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

/// <summary>`patchlab` packs as a dotnet tool, and the installed tool is the command that was built.</summary>
public class DotnetToolTests
{
    [Fact]
    public void Pack_then_tool_install_gives_a_working_patchlab()
    {
        using var dir = new TempDir();
        var cli = typeof(PatchLab.Cli.Program).Assembly;
        var project = Path.Combine(RepositoryRoot(), "src", "PatchLab.Cli", "PatchLab.Cli.csproj");
        // Packs what the tests were built with (no second build): the same configuration, --no-build.
        var configuration = typeof(DotnetToolTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var packages = Path.Combine(dir.Path, "packages");
        Succeeds("dotnet", "pack", project, "-c", configuration, "--no-build", "-o", packages, "-nologo");
        var tools = Path.Combine(dir.Path, "tools");
        Succeeds("dotnet", "tool", "install", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources", "PatchLab.Cli");
        var patchlab = Path.Combine(tools, "patchlab");
        var version = cli.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(version, Succeeds(patchlab, "--version").Trim());
        // The library and its embedded kernel include files came along: a static key is assembled, linked, run and patched.
        Assert.Contains("\"sync_rounds\":1", Succeeds(patchlab, "bench", "updates", "--sites", "3", "--json"));
    }

    private static string Succeeds(string tool, params string[] args)
    {
        var (exit, output, error) = OracleTool.RunRaw(tool, args);
        Assert.True(exit == 0, $"{tool} {string.Join(' ', args)} exited {exit}: {error}{output}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PatchLab.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no PatchLab.slnx above {AppContext.BaseDirectory}");
    }
}
