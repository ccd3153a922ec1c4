using Xunit;

namespace EdgeCtl.Drivers.Tests;

/// <summary>libgpiod binding (this machine has no gpiochip: load and failure paths) and the line names.</summary>
public sealed class DigitalLinesTests
{
    private static readonly Dictionary<string, uint> Offsets = new() { ["beam_blank"] = 1, ["interlock_ok"] = 2, ["acq_trigger"] = 3 };

    [Fact]
    public void Libgpiod_v1_loads()
    {
        Assert.StartsWith("1.", LibgpiodDigitalLines.LibraryVersion);
    }

    [Theory]
    [InlineData("gpiochip-edgectl-missing")]
    [InlineData("/dev/gpiochip-edgectl-missing")]
    public void Opening_a_missing_chip_names_the_chip_and_errno(string chip)
    {
        var ex = Assert.Throws<GpioException>(() => new LibgpiodDigitalLines(new LibgpiodOptions { Chip = chip, Offsets = Offsets }));
        Assert.Contains($"cannot open chip '{chip}'", ex.Message);
        Assert.Equal(2, ex.Errno); // ENOENT
        Assert.Contains("errno 2", ex.Message);
    }

    [Fact]
    public void Offsets_must_name_every_line_once()
    {
        var missing = Assert.Throws<ArgumentException>(() => new LibgpiodDigitalLines(new LibgpiodOptions
        {
            Chip = "gpiochip0",
            Offsets = new Dictionary<string, uint> { ["beam_blank"] = 1, ["interlock_ok"] = 2 },
        }));
        Assert.Contains("no offset configured for 'acq_trigger'", missing.Message);

        var unknown = Assert.Throws<ArgumentException>(() => new LibgpiodDigitalLines(new LibgpiodOptions
        {
            Chip = "gpiochip0",
            Offsets = new Dictionary<string, uint>(Offsets) { ["beam_blanc"] = 4 },
        }));
        Assert.Contains("unknown line name 'beam_blanc'", unknown.Message);

        var duplicate = Assert.Throws<ArgumentException>(() => new LibgpiodDigitalLines(new LibgpiodOptions
        {
            Chip = "gpiochip0",
            Offsets = new Dictionary<string, uint>(Offsets) { ["acq_trigger"] = 1 },
        }));
        Assert.Contains("must be distinct", duplicate.Message);
    }

    [Fact]
    public void Wire_names_round_trip_and_directions_follow_the_protocol()
    {
        foreach (var line in DigitalLines.All)
        {
            Assert.True(DigitalLines.TryParse(line.WireName(), out var parsed));
            Assert.Equal(line, parsed);
        }
        Assert.Equal(["beam_blank", "interlock_ok", "acq_trigger"], DigitalLines.All.Select(l => l.WireName()));
        Assert.True(DigitalLine.BeamBlank.IsOutput());
        Assert.False(DigitalLine.InterlockOk.IsOutput());
        Assert.True(DigitalLine.AcqTrigger.IsOutput());
        Assert.False(DigitalLines.TryParse("BEAM_BLANK", out _));
    }
}
