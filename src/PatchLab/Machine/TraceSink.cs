namespace PatchLab.Machine;

/// <summary>
/// Where the machine and the kernel on it report what happens, for a timeline a person can look at (Reports writes
/// it as a Perfetto trace). The layers that report only know this interface. Times are virtual nanoseconds.
/// </summary>
public interface ITraceSink
{
    /// <summary>From <paramref name="timeNs"/> on, <paramref name="cpu"/> runs <paramref name="what"/>: a process, a task, idle.</summary>
    void Running(int cpu, ulong timeNs, string what);

    /// <summary>
    /// A step on <paramref name="cpu"/> from <paramref name="startNs"/> to <paramref name="endNs"/>, on the track named
    /// <paramref name="track"/> (e.g. "patching"). Steps of one track on one CPU nest or follow each other.
    /// </summary>
    void Step(string track, int cpu, string name, ulong startNs, ulong endNs, string? detail = null);

    /// <summary>The value of the counter <paramref name="name"/> from <paramref name="timeNs"/> on.</summary>
    void Counter(string name, ulong timeNs, double value);

    /// <summary>Something that happened at one moment on <paramref name="cpu"/>, such as a violation.</summary>
    void Instant(int cpu, ulong timeNs, string name, string detail);

    /// <summary>
    /// The machine stopped running with <paramref name="cpu"/> at <paramref name="timeNs"/>: what the CPU runs is
    /// drawn up to there (a later run extends it).
    /// </summary>
    void Stopped(int cpu, ulong timeNs);
}
