namespace EdgeCtl.Drivers;

/// <summary>The instrument's digital lines (wire-protocol.md §3).</summary>
public enum DigitalLine
{
    /// <summary><c>beam_blank</c>, output: 1 blanks the beam.</summary>
    BeamBlank,
    /// <summary><c>interlock_ok</c>, input, active high: acquisitions are allowed while it is 1.</summary>
    InterlockOk,
    /// <summary><c>acq_trigger</c>, output: acquisition trigger.</summary>
    AcqTrigger,
}
