namespace EdgeCtl.Realtime;

/// <summary>
/// The instrument's clock, in instrument seconds. Every cost in the policy is accounted in this
/// unit (DESIGN.md, "Time and cost"). On a real microscope it runs with wall time; against the
/// HIL rig it is the rig's virtual clock, which advances by the durations of the operations it
/// emulates and so runs many times faster than wall time.
/// </summary>
public interface IInstrumentClock
{
    /// <summary>Current instrument time in seconds since an arbitrary epoch (monotonic).</summary>
    double NowSeconds { get; }
}

/// <summary>Wall-time instrument clock (a real instrument): monotonic, from <see cref="System.Diagnostics.Stopwatch"/>.</summary>
public sealed class WallInstrumentClock : IInstrumentClock
{
    private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public double NowSeconds => System.Diagnostics.Stopwatch.GetElapsedTime(_start).TotalSeconds;
}
