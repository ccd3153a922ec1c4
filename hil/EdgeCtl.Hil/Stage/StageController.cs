using EdgeCtl.Hil.Clock;
using EdgeCtl.Hil.Faults;

namespace EdgeCtl.Hil.Stage;

/// <summary>
/// The emulated two-axis stage behind both GCS transports (docs/wire-protocol.md §1; docs/rig.md):
/// servo state, velocities, soft limits [0, W] × [0, H] µm, the last error code, and straight-line
/// motion at the axis velocities lasting sqrt((dx/v₁)² + (dy/v₂)²) instrument seconds (= d/v for
/// equal velocities). Servo is on at power-up. On the <c>stage-stall</c> fault a MOV stops halfway and
/// reports moving forever, until HLT/#24 or another MOV. HLT stops where the stage is and makes that
/// the target (so ONT? = 1) and sets error 10. Thread-safe: both transports share one instance.
/// </summary>
public sealed class StageController
{
    /// <summary>Answer to <c>*IDN?</c>.</summary>
    public const string Identification = "EdgeCtl HIL stage, model E-727 emulation, SN 0001, FW 1.0";

    /// <summary>Fraction of the way a stalled MOV gets before it stops.</summary>
    public const double StallFraction = 0.5;

    private readonly Lock _gate = new();
    private readonly VirtualInstrumentClock _clock;
    private readonly FaultBoard _faults;
    private readonly bool[] _servo = [true, true];
    private readonly double[] _velocity;
    private StageMotion _motion;
    private int _error;

    /// <summary>Creates the stage at rest at (<paramref name="startXUm"/>, <paramref name="startYUm"/>).</summary>
    public StageController(VirtualInstrumentClock clock, FaultBoard faults, double widthUm, double heightUm,
        double speedUmPerS, double startXUm, double startYUm)
    {
        _clock = clock;
        _faults = faults;
        Max = [widthUm, heightUm];
        _velocity = [speedUmPerS, speedUmPerS];
        _motion = StageMotion.AtRest(startXUm, startYUm, clock.NowSeconds);
    }

    /// <summary>Lower soft limits per axis (index 0 = axis 1), µm.</summary>
    public IReadOnlyList<double> Min { get; } = [0.0, 0.0];

    /// <summary>Upper soft limits per axis, µm.</summary>
    public IReadOnlyList<double> Max { get; }

    /// <summary>Charges an ordinary command (the control overhead, paced).</summary>
    public void ChargeCommand() => _clock.ChargeCommand();

    /// <summary>
    /// Charges a motion query (<c>#5</c>, <c>ONT?</c>, <c>POS?</c>): while a motion is in progress the
    /// clock advances by max(overhead, speedup × wall since the previous command), capped at the
    /// motion's end (docs/rig.md); otherwise it costs the overhead.
    /// </summary>
    public void ChargeMotionQuery()
    {
        StageMotion motion;
        lock (_gate) motion = _motion;
        if (motion.InProgressAt(_clock.NowSeconds)) _clock.ChargeMotionQuery(motion.QueryCap);
        else _clock.ChargeCommand();
    }

    /// <summary>Current (interpolated) position, µm.</summary>
    public (double X, double Y) Position()
    {
        lock (_gate) return _motion.PositionAt(_clock.NowSeconds);
    }

    /// <summary>Motion status bit mask: bit 0 = axis 1 moving, bit 1 = axis 2 moving.</summary>
    public int MotionMask()
    {
        lock (_gate) return _motion.MovingMaskAt(_clock.NowSeconds);
    }

    /// <summary>Whether axis <paramref name="axis"/> (1 or 2) is on target (not moving).</summary>
    public bool OnTarget(int axis) => (MotionMask() & (1 << (axis - 1))) == 0;

    /// <summary>Servo state of an axis (1 or 2).</summary>
    public bool Servo(int axis)
    {
        lock (_gate) return _servo[axis - 1];
    }

    /// <summary><c>SVO</c>: switches the servo of an axis.</summary>
    public void SetServo(int axis, bool on)
    {
        lock (_gate) _servo[axis - 1] = on;
    }

    /// <summary>Velocity of an axis, µm/s.</summary>
    public double Velocity(int axis)
    {
        lock (_gate) return _velocity[axis - 1];
    }

    /// <summary><c>VEL</c>: sets velocities; any value ≤ 0 or not finite sets error 17 and changes nothing.</summary>
    public void SetVelocities(ReadOnlySpan<(int Axis, double Value)> settings)
    {
        lock (_gate)
        {
            foreach (var (_, v) in settings)
            {
                if (!(v > 0) || !double.IsFinite(v))
                {
                    _error = GcsErrorCode.ParameterOutOfRange;
                    return;
                }
            }
            foreach (var (axis, v) in settings) _velocity[axis - 1] = v;
        }
    }

    /// <summary>
    /// <c>MOV</c>: starts a straight-line motion from the current position to the target (axes not
    /// given keep their current position). Error 5 if a commanded axis has its servo off, error 7
    /// if a target is outside the soft limits; in both cases nothing moves.
    /// </summary>
    public void Move(ReadOnlySpan<(int Axis, double Value)> targets)
    {
        bool stall = _faults.StageStall;
        lock (_gate)
        {
            double now = _clock.NowSeconds;
            var (x, y) = _motion.PositionAt(now);
            double tx = x, ty = y;
            foreach (var (axis, value) in targets)
            {
                if (!_servo[axis - 1])
                {
                    _error = GcsErrorCode.ServoOff;
                    return;
                }
                if (!(value >= Min[axis - 1] && value <= Max[axis - 1]))
                {
                    _error = GcsErrorCode.OutOfLimits;
                    return;
                }
                if (axis == 1) tx = value;
                else ty = value;
            }
            int mask = (tx != x ? 1 : 0) | (ty != y ? 2 : 0);
            double ex = stall ? x + StallFraction * (tx - x) : tx;
            double ey = stall ? y + StallFraction * (ty - y) : ty;
            double duration = Math.Sqrt(Math.Pow((ex - x) / _velocity[0], 2) + Math.Pow((ey - y) / _velocity[1], 2));
            _motion = new StageMotion(x, y, ex, ey, now, now + duration, stall && mask != 0, mask);
        }
    }

    /// <summary><c>HLT</c> / <c>#24</c>: stops all axes where they are and sets error 10.</summary>
    public void Halt()
    {
        lock (_gate)
        {
            double now = _clock.NowSeconds;
            var (x, y) = _motion.PositionAt(now);
            _motion = StageMotion.AtRest(x, y, now);
            _error = GcsErrorCode.Stopped;
        }
    }

    /// <summary>Records an error code for <c>ERR?</c>.</summary>
    public void SetError(int code)
    {
        lock (_gate) _error = code;
    }

    /// <summary><c>ERR?</c>: returns the last error code and clears it.</summary>
    public int TakeError()
    {
        lock (_gate)
        {
            int e = _error;
            _error = GcsErrorCode.None;
            return e;
        }
    }
}
