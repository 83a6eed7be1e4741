namespace PatchLab.Tests;

/// <summary>
/// The seed of every random choice in the tests: PATCHLAB_SEED when set, else a fixed default, so a failure names
/// the seed that reproduces it.
/// </summary>
internal static class TestSeed
{
    public static int Value { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("PATCHLAB_SEED"), out var s) ? s : 20261124;

    public static Random Random(int salt = 0) => new(unchecked(Value * 31 + salt));
}
