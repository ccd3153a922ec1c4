using EdgeCtl.Hil.Numerics;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// Turns a Z-weighted projected-mass map (Z^1.7·nm, <see cref="ProjectedMassMap"/>) plus the carbon
/// support film into detector counts. HAADF: offset + Poisson(dwell × <see cref="HaadfCountsPerUsPerUnit"/>
/// × (film + mass)); the film (<see cref="FilmThicknessNm"/> nm of C, 20 × 6^1.7 ≈ 420 units) gives
/// ~84 counts at 10 µs, a sub-pixel Co particle of r = 12 nm at 30 µm / 1024 px a blob peaking ~200
/// counts above it, a 40-nm Au column ~13 500 (only the largest Au-rich particles saturate at 10 µs).
/// Bright field (inverted contrast): offset +
/// Poisson(dwell × <see cref="BrightFieldCountsPerUs"/> × exp(−(film + mass) / <see cref="BrightFieldAttenuationUnits"/>)).
/// Counts are clipped to u16.
/// </summary>
public static class ImageDetectorResponse
{
    /// <summary>Thickness of the amorphous carbon support film, nm.</summary>
    public const double FilmThicknessNm = 20;
    /// <summary>Atomic number of the film (carbon).</summary>
    public const int FilmZ = 6;
    /// <summary>HAADF counts per µs of dwell per unit of Z^1.7·nm.</summary>
    public const double HaadfCountsPerUsPerUnit = 0.02;
    /// <summary>Bright-field counts per µs of dwell with nothing in the beam.</summary>
    public const double BrightFieldCountsPerUs = 2000;
    /// <summary>Z^1.7·nm that attenuate the bright-field signal by 1/e.</summary>
    public const double BrightFieldAttenuationUnits = 45_000;

    /// <summary>The film's Z-weighted thickness, Z^1.7·nm.</summary>
    public static readonly double FilmUnits = FilmThicknessNm * Math.Pow(FilmZ, 1.7);

    /// <summary>Writes counts for every pixel of <paramref name="mass"/> into <paramref name="pixels"/>.</summary>
    public static void Expose(DetectorKind detector, ReadOnlySpan<float> mass, double dwellUs, Span<ushort> pixels, Xoshiro256 rng)
    {
        if (detector == DetectorKind.Haadf)
        {
            double scale = dwellUs * HaadfCountsPerUsPerUnit;
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = Clip(Sampling.Poisson(rng, scale * (FilmUnits + mass[i])));
        }
        else
        {
            double scale = dwellUs * BrightFieldCountsPerUs;
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = Clip(Sampling.Poisson(rng, scale * Math.Exp(-(FilmUnits + mass[i]) / BrightFieldAttenuationUnits)));
        }
    }

    private static ushort Clip(long counts) => (ushort)Math.Min(ushort.MaxValue, DetectorDark.ImageOffset + counts);
}
