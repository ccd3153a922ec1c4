using EdgeCtl.Realtime;
using EdgeCtl.Hil.Numerics;

namespace EdgeCtl.Hil.Specimens;

/// <summary>
/// Detector signals with the beam blanked (or no signal at all): an electronic offset plus a small
/// dark current, Poisson. Images are "dark", spectra hold only noise (no characteristic or feature
/// counts).
/// </summary>
public static class DetectorDark
{
    /// <summary>Electronic offset of the image detectors, counts.</summary>
    public const ushort ImageOffset = 100;
    /// <summary>Image dark current, counts per µs of dwell.</summary>
    public const double ImageDarkPerUs = 0.02;
    /// <summary>EDX dark/noise counts per channel per second.</summary>
    public const double EdxDarkPerChannelPerSecond = 1e-3;
    /// <summary>EELS camera dark counts per channel per second.</summary>
    public const double EelsDarkPerChannelPerSecond = 0.05;

    /// <summary>A dark image.</summary>
    public static void Image(double dwellUs, Span<ushort> pixels, Xoshiro256 rng)
    {
        double lambda = ImageDarkPerUs * dwellUs;
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (ushort)Math.Min(ushort.MaxValue, ImageOffset + Sampling.Poisson(rng, lambda));
    }

    /// <summary>A dark spectrum of <paramref name="perChannelPerSecond"/> × seconds counts per channel.</summary>
    public static void Spectrum(double perChannelPerSecond, double seconds, Span<uint> counts, Xoshiro256 rng)
    {
        double lambda = perChannelPerSecond * seconds;
        for (int i = 0; i < counts.Length; i++)
            counts[i] = (uint)Sampling.Poisson(rng, lambda);
    }
}
