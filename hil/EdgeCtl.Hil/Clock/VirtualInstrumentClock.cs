using System.Diagnostics;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.Clock;

/// <summary>
/// The rig's event-driven instrument clock (docs/rig.md, "Virtual instrument clock"). Instrument
/// time T, in seconds from 0 at start, advances only by what the instrument does: the per-command
/// control overhead, acquisition durations, retunes, and stage motion observed by motion queries.
/// Each advance of Δ through <see cref="Advance"/> is paced by Δ / speedup of wall time, so the
/// rig runs <see cref="Speedup"/> times faster than a real instrument. Thread-safe: the scan engine
/// and the stage transports advance it concurrently.
/// </summary>
public sealed class VirtualInstrumentClock : IInstrumentClock
{
    /// <summary>Pacing debt below this is carried over instead of slept (sleep granularity ~1 ms).</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(2);

    private readonly Lock _gate = new();
    private double _now;
    private long _lastCommandTimestamp = Stopwatch.GetTimestamp();
    private TimeSpan _pacingDebt;

    /// <summary>Creates a clock at T = 0.</summary>
    /// <param name="speedup">Instrument seconds per wall second, &gt; 0 (<c>--speedup</c>).</param>
    /// <param name="overheadSeconds">Control overhead charged per command, ≥ 0 (<c>--overhead-ms</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range or not finite.</exception>
    public VirtualInstrumentClock(double speedup, double overheadSeconds)
    {
        if (!(speedup > 0) || !double.IsFinite(speedup))
            throw new ArgumentOutOfRangeException(nameof(speedup), speedup, "speed-up must be a finite number > 0");
        if (!(overheadSeconds >= 0) || !double.IsFinite(overheadSeconds))
            throw new ArgumentOutOfRangeException(nameof(overheadSeconds), overheadSeconds, "overhead must be a finite number ≥ 0");
        Speedup = speedup;
        OverheadSeconds = overheadSeconds;
    }

    /// <summary>Instrument seconds per wall second (HelloReply <c>time_scale</c>).</summary>
    public double Speedup { get; }

    /// <summary>Control overhead charged for every command received, s.</summary>
    public double OverheadSeconds { get; }

    /// <inheritdoc />
    public double NowSeconds
    {
        get
        {
            lock (_gate) return _now;
        }
    }

    /// <summary>
    /// Charges one command: the control overhead plus <paramref name="durationSeconds"/> (an
    /// acquisition or a retune), paced in wall time. Returns T after the command.
    /// </summary>
    public double ChargeCommand(double durationSeconds = 0) => Advance(OverheadSeconds + durationSeconds);

    /// <summary>
    /// Advances T by <paramref name="seconds"/> (≥ 0) and sleeps seconds / speedup of wall time
    /// (short sleeps are accumulated and taken together). Returns T after the advance.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not finite.</exception>
    public double Advance(double seconds)
    {
        if (!(seconds >= 0) || !double.IsFinite(seconds))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "a clock advance must be finite and ≥ 0");
        double now;
        TimeSpan sleep = TimeSpan.Zero;
        lock (_gate)
        {
            _now += seconds;
            now = _now;
            _pacingDebt += TimeSpan.FromSeconds(seconds / Speedup);
            if (_pacingDebt >= MinimumSleep)
            {
                sleep = _pacingDebt;
                _pacingDebt = TimeSpan.Zero;
            }
        }
        if (sleep > TimeSpan.Zero) Thread.Sleep(sleep);
        lock (_gate) _lastCommandTimestamp = Stopwatch.GetTimestamp();
        return now;
    }

    /// <summary>
    /// Charges a motion query (<c>#5</c>, <c>ONT?</c>, <c>POS?</c>) made while a motion is in
    /// progress: T advances by max(overhead, speedup × wall time since the previous command),
    /// capped at <paramref name="motionEndSeconds"/> (+∞ for a stalled motion). No pacing sleep:
    /// that wall time has already passed. Returns T after the advance.
    /// </summary>
    public double ChargeMotionQuery(double motionEndSeconds)
    {
        lock (_gate)
        {
            long nowTs = Stopwatch.GetTimestamp();
            double wallSince = Stopwatch.GetElapsedTime(_lastCommandTimestamp, nowTs).TotalSeconds;
            _lastCommandTimestamp = nowTs;
            double step = Math.Max(OverheadSeconds, Speedup * wallSince);
            double target = Math.Min(_now + step, motionEndSeconds);
            if (target > _now) _now = target;
            return _now;
        }
    }
}
