namespace EdgeCtl.Drivers;

/// <summary>Which gpiochip and which line offsets carry the instrument's lines (configuration section of the service).</summary>
public sealed record LibgpiodOptions
{
    /// <summary>Chip name (<c>gpiochip0</c>, opened with <c>gpiod_chip_open_by_name</c>) or device path (<c>/dev/gpiochip0</c>, <c>gpiod_chip_open</c>).</summary>
    public required string Chip { get; init; }

    /// <summary>Line offset on the chip for each wire name (<c>beam_blank</c>, <c>interlock_ok</c>, <c>acq_trigger</c>); all three required, distinct.</summary>
    public required IReadOnlyDictionary<string, uint> Offsets { get; init; }

    /// <summary>Consumer label shown by <c>gpioinfo</c>. Default "edgectl".</summary>
    public string Consumer { get; init; } = "edgectl";
}
