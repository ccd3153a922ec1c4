namespace EdgeCtl.Hil.Control;

/// <summary>
/// The rig's emulated GPIO lines (docs/wire-protocol.md §3): <c>beam_blank</c> (output, also set by
/// the scan engine's BeamBlank), <c>interlock_ok</c> (input, active high, default 1; acquisitions are
/// refused while low) and <c>acq_trigger</c> (output). Thread-safe.
/// </summary>
public sealed class GpioLines
{
    /// <summary>Names of the lines, as used by the control port.</summary>
    public static readonly IReadOnlyList<string> Names = [BeamBlank, InterlockOk, AcqTrigger];

    /// <summary>Line name: beam blanker.</summary>
    public const string BeamBlank = "beam_blank";
    /// <summary>Line name: vacuum/safety interlock, active high.</summary>
    public const string InterlockOk = "interlock_ok";
    /// <summary>Line name: acquisition trigger.</summary>
    public const string AcqTrigger = "acq_trigger";

    private readonly Lock _gate = new();
    private bool _beamBlank, _interlockOk = true, _acqTrigger;

    /// <summary>Whether <paramref name="name"/> is a known line.</summary>
    public static bool IsKnown(string name) => name is BeamBlank or InterlockOk or AcqTrigger;

    /// <summary>Reads a line.</summary>
    /// <exception cref="ArgumentException">Unknown line.</exception>
    public bool Get(string name)
    {
        lock (_gate)
        {
            return name switch
            {
                BeamBlank => _beamBlank,
                InterlockOk => _interlockOk,
                AcqTrigger => _acqTrigger,
                _ => throw Unknown(name),
            };
        }
    }

    /// <summary>Drives a line.</summary>
    /// <exception cref="ArgumentException">Unknown line.</exception>
    public void Set(string name, bool level)
    {
        lock (_gate)
        {
            switch (name)
            {
                case BeamBlank: _beamBlank = level; break;
                case InterlockOk: _interlockOk = level; break;
                case AcqTrigger: _acqTrigger = level; break;
                default: throw Unknown(name);
            }
        }
    }

    /// <summary>Whether the beam is blanked.</summary>
    public bool IsBeamBlanked => Get(BeamBlank);

    /// <summary>Whether the interlock is closed (acquisitions allowed).</summary>
    public bool IsInterlockOk => Get(InterlockOk);

    private static ArgumentException Unknown(string name) =>
        new($"unknown GPIO line '{name}' (expected {string.Join(", ", Names)})", nameof(name));
}
