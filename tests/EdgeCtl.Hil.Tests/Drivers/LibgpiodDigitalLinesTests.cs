using EdgeCtl.Drivers;
using Xunit;

namespace EdgeCtl.Hil.Tests.Drivers;

/// <summary>
/// <see cref="LibgpiodDigitalLines"/> with the real libgpiod (Debian libgpiod2) on this machine, whose
/// kernel has no GPIO: opening any chip must fail with a <see cref="GpioException"/> naming the chip.
/// </summary>
public sealed class LibgpiodDigitalLinesTests
{
    private static readonly Dictionary<string, uint> Offsets = new() { ["beam_blank"] = 0, ["interlock_ok"] = 1, ["acq_trigger"] = 2 };

    [Theory]
    [InlineData("gpiochip7")]
    [InlineData("/dev/gpiochip7")]
    public void Missing_chip_is_a_GpioException_naming_the_chip(string chip)
    {
        Assert.False(File.Exists("/dev/gpiochip7"), "this test expects a machine without /dev/gpiochip7");
        Assert.StartsWith("1.", LibgpiodDigitalLines.LibraryVersion); // the real v1 library is loaded

        var ex = Assert.Throws<GpioException>(() => new LibgpiodDigitalLines(new LibgpiodOptions { Chip = chip, Offsets = Offsets }));

        Assert.Contains(chip, ex.Device);
        Assert.Contains(chip, ex.Message);
        Assert.Equal(2, ex.Errno); // ENOENT
    }
}
