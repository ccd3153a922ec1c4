namespace EdgeCtl.Drivers;

/// <summary>Wire names and directions of <see cref="DigitalLine"/> (wire-protocol.md §3).</summary>
public static class DigitalLines
{
    /// <summary>All lines, in enum order.</summary>
    public static IReadOnlyList<DigitalLine> All { get; } = [DigitalLine.BeamBlank, DigitalLine.InterlockOk, DigitalLine.AcqTrigger];

    /// <summary>The wire name: <c>beam_blank</c>, <c>interlock_ok</c> or <c>acq_trigger</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined line.</exception>
    public static string WireName(this DigitalLine line) => line switch
    {
        DigitalLine.BeamBlank => "beam_blank",
        DigitalLine.InterlockOk => "interlock_ok",
        DigitalLine.AcqTrigger => "acq_trigger",
        _ => throw new ArgumentOutOfRangeException(nameof(line), line, "Unknown digital line."),
    };

    /// <summary>True for lines the controller drives (<c>beam_blank</c>, <c>acq_trigger</c>); false for inputs (<c>interlock_ok</c>).</summary>
    public static bool IsOutput(this DigitalLine line) => line != DigitalLine.InterlockOk;

    /// <summary>Parses a wire name (exact, lower case).</summary>
    public static bool TryParse(string? wireName, out DigitalLine line)
    {
        (var ok, line) = wireName switch
        {
            "beam_blank" => (true, DigitalLine.BeamBlank),
            "interlock_ok" => (true, DigitalLine.InterlockOk),
            "acq_trigger" => (true, DigitalLine.AcqTrigger),
            _ => (false, default),
        };
        return ok;
    }
}
