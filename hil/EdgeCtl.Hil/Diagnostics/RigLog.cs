namespace EdgeCtl.Hil.Diagnostics;

/// <summary>
/// The rig's log: one line per event on stderr, <c>HH:mm:ss.fff level message</c>. Stdout is
/// reserved for the single READY line (docs/rig.md). Thread-safe.
/// </summary>
public static class RigLog
{
    private static readonly Lock Gate = new();

    /// <summary>When false, <see cref="Debug"/> lines are suppressed.</summary>
    public static bool Verbose { get; set; }

    /// <summary>Normal operational event.</summary>
    public static void Info(string message) => Write("info ", message);

    /// <summary>Something the client did wrong or a fault that was injected.</summary>
    public static void Warn(string message) => Write("warn ", message);

    /// <summary>A failure inside the rig.</summary>
    public static void Error(string message) => Write("error", message);

    /// <summary>Per-command chatter, only with <c>--verbose</c>.</summary>
    public static void Debug(string message)
    {
        if (Verbose) Write("debug", message);
    }

    private static void Write(string level, string message)
    {
        string line = $"{DateTime.UtcNow:HH:mm:ss.fff} {level} {message}";
        lock (Gate) Console.Error.WriteLine(line);
    }
}
