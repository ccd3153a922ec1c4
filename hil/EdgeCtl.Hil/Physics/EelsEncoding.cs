using EdgeCtl.Realtime;
using EdgeCtl.Hil.Numerics;

namespace EdgeCtl.Hil.Physics;

/// <summary>
/// The EELS encoding of the hidden target (docs/rig.md, "The hidden target and its EELS
/// encoding"), which <c>src/EdgeCtl.Inference</c> inverts: axis 400 eV + 0.5 eV × i,
/// i = 0..1023; background A·(E/400 eV)⁻³ counts per channel with A = 2000 × seconds; a Gaussian
/// feature at 650 eV, σ 5 eV, of total area y·B where B is the expected background summed over the
/// signal window 630–670 eV (channel centres inclusive); Poisson counts. Off a particle y = 0.
/// </summary>
public static class EelsEncoding
{
    /// <summary>Channels of the EELS axis.</summary>
    public const int Channels = 1024;
    /// <summary>Energy loss of channel 0, eV.</summary>
    public const double OffsetEv = 400.0;
    /// <summary>Channel width, eV.</summary>
    public const double ScaleEv = 0.5;
    /// <summary>Background counts per channel at 400 eV per second of acquisition.</summary>
    public const double BackgroundPerSecond = 2000;
    /// <summary>Power-law exponent r of the background.</summary>
    public const double BackgroundExponent = 3;
    /// <summary>Centre of the feature, eV.</summary>
    public const double FeatureCentreEv = 650;
    /// <summary>Standard deviation of the feature, eV.</summary>
    public const double FeatureSigmaEv = 5;
    /// <summary>Signal window, eV (inclusive).</summary>
    public const double WindowLowEv = 630, WindowHighEv = 670;

    /// <summary>Expected background in channel <paramref name="i"/> for <paramref name="seconds"/>.</summary>
    public static double Background(int i, double seconds) =>
        BackgroundPerSecond * seconds * Math.Pow((OffsetEv + i * ScaleEv) / OffsetEv, -BackgroundExponent);

    /// <summary>B: the expected background summed over the signal window for <paramref name="seconds"/>.</summary>
    public static double WindowBackground(double seconds)
    {
        double sum = 0;
        for (int i = 0; i < Channels; i++)
        {
            double e = OffsetEv + i * ScaleEv;
            if (e >= WindowLowEv && e <= WindowHighEv) sum += Background(i, seconds);
        }
        return sum;
    }

    /// <summary>
    /// Fills <paramref name="counts"/> (length <see cref="Channels"/>) with a Poisson spectrum
    /// encoding <paramref name="y"/> (0 off a particle) for an acquisition of <paramref name="seconds"/>.
    /// </summary>
    public static void Synthesize(double y, double seconds, Span<uint> counts, Xoshiro256 rng)
    {
        double area = Math.Max(0, y) * WindowBackground(seconds);
        for (int i = 0; i < counts.Length; i++)
        {
            double lo = OffsetEv + (i - 0.5) * ScaleEv, hi = lo + ScaleEv;
            double peak = area * (SpecialFunctions.NormalCdf((hi - FeatureCentreEv) / FeatureSigmaEv)
                                  - SpecialFunctions.NormalCdf((lo - FeatureCentreEv) / FeatureSigmaEv));
            counts[i] = (uint)Math.Min(uint.MaxValue, Sampling.Poisson(rng, Background(i, seconds) + peak));
        }
    }
}
