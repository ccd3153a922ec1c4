using EdgeCtl.Realtime;
using Xunit;

namespace EdgeCtl.Realtime.Tests;

public sealed class PooledBufferTests
{
    [Fact]
    public void Frame_rows_are_views_of_the_row_major_pixels()
    {
        using var frame = new ImageFrame16(5, 3);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 5; x++)
                frame.Row(y)[x] = (ushort)(10 * y + x);
        Assert.Equal(15, frame.Pixels.Length);
        Assert.Equal(23, frame.Pixels[2 * 5 + 3]);
    }

    [Fact]
    public void A_disposed_frame_refuses_access_and_double_dispose_is_harmless()
    {
        var frame = new ImageFrame16(4, 4);
        frame.Dispose();
        frame.Dispose();
        Assert.Throws<ObjectDisposedException>(() => frame.Pixels.Length);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(16385, 1)]
    public void Frame_dimensions_are_checked(int w, int h) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame16(w, h));

    [Fact]
    public void Spectrum_axis_maps_channels_and_energies_both_ways()
    {
        using var s = new Spectrum(SpectrumKind.Edx, 2048, -0.2, 0.01);
        Assert.Equal(2048, s.Counts.Length);
        Assert.All(s.Counts.ToArray(), c => Assert.Equal(0, c)); // rented buffers are cleared
        Assert.Equal(6.4, s.Energy(s.Channel(6.4)), 9);
        Assert.Equal(20, s.Channel(0.0));
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(10, 0)]
    [InlineData(10, -1)]
    public void Spectrum_shape_and_axis_are_checked(int channels, double scale) =>
        Assert.ThrowsAny<ArgumentException>(() => new Spectrum(SpectrumKind.Eels, channels, 0, scale));

    [Fact]
    public void Wall_clock_is_monotonic()
    {
        var clock = new WallInstrumentClock();
        double a = clock.NowSeconds, b = clock.NowSeconds;
        Assert.True(b >= a && a >= 0);
    }
}
