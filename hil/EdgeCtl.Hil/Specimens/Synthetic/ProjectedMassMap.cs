using System.Buffers;

namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// The Z-weighted projected mass of the particles in a FoV, per pixel, in units of Z^1.7·nm:
/// Σ over particles of (Σ_i c_i Z_i^1.7) × (projected thickness of the particle — a sphere's
/// 2·sqrt(r² − ρ²), see <see cref="Particle.ThicknessAt"/> for rods and platelets — averaged over the
/// pixel). A particle resolved by the pixels (extent ≥ <see cref="SplatBelowRadiusPx"/> px)
/// is supersampled <see cref="Supersample"/>² per pixel; a smaller one puts its whole projected
/// volume (4/3·π·r³ for a sphere, divided by the pixel area) into the pixels around its centre by bilinear
/// splatting, so even a 1.4-px particle keeps all its mass. The map is then blurred by the probe /
/// scan point-spread function, a Gaussian of σ = <see cref="PsfSigmaPx"/> px (~1.4 px FWHM),
/// which turns a sub-pixel particle into a clearly detectable blob.
/// </summary>
public static class ProjectedMassMap
{
    /// <summary>σ of the point-spread function, px.</summary>
    public const double PsfSigmaPx = 0.6;
    /// <summary>Subsamples per pixel edge for resolved particles.</summary>
    public const int Supersample = 4;
    /// <summary>Particles with a radius below this many pixels are splatted.</summary>
    public const double SplatBelowRadiusPx = 1.5;

    /// <summary>Fills <paramref name="mass"/> (geometry.Width × geometry.Height) with the blurred mass map.</summary>
    /// <param name="library">The particles.</param>
    /// <param name="geometry">Where the pixels lie.</param>
    /// <param name="mass">Output, Z^1.7·nm per pixel.</param>
    /// <param name="probeSigmaNm">σ of the probe (plus drift) on the specimen, nm: the PSF is the wider of
    /// this and <see cref="PsfSigmaPx"/> px (at the section IV.3 pixel sizes the pixel term always wins).</param>
    public static void Render(ParticleLibrary library, in ImageGeometry geometry, Span<float> mass, double probeSigmaNm = 0)
    {
        int w = geometry.Width, h = geometry.Height;
        double p = geometry.PixelSizeNm;
        mass.Clear();
        double marginUm = (library.MaxExtentNm + 4 * p) / 1000;
        double left = geometry.LeftUm, top = geometry.TopUm;
        double right = left + w * p / 1000, bottom = top - h * p / 1000;
        foreach (int index in library.Grid.Query(left - marginUm, bottom - marginUm, right + marginUm, top + marginUm))
        {
            ref readonly var particle = ref library[index];
            double u = (particle.XUm - left) * 1000 / p;  // continuous column coordinate (pixel k spans [k, k+1])
            double v = (top - particle.YUm) * 1000 / p;   // continuous row coordinate, rows grow downwards
            double rPx = particle.ExtentNm / p;
            if (u + rPx + 2 < 0 || v + rPx + 2 < 0 || u - rPx - 2 > w || v - rPx - 2 > h) continue;
            if (rPx < SplatBelowRadiusPx)
                Splat(mass, w, h, u - 0.5, v - 0.5, particle.ContrastPerNm * particle.VolumeNm3 / (p * p));
            else
                Supersampled(mass, w, h, u, v, rPx, p, particle);
        }
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(w, h));
        try
        {
            GaussianBlur.InPlace(mass, w, h, Math.Max(PsfSigmaPx, probeSigmaNm / p), scratch);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Bilinear splat of <paramref name="amount"/> at pixel-centre coordinates (fx, fy).</summary>
    private static void Splat(Span<float> mass, int w, int h, double fx, double fy, double amount)
    {
        int x0 = (int)Math.Floor(fx), y0 = (int)Math.Floor(fy);
        double ax = fx - x0, ay = fy - y0;
        Add(mass, w, h, x0, y0, amount * (1 - ax) * (1 - ay));
        Add(mass, w, h, x0 + 1, y0, amount * ax * (1 - ay));
        Add(mass, w, h, x0, y0 + 1, amount * (1 - ax) * ay);
        Add(mass, w, h, x0 + 1, y0 + 1, amount * ax * ay);
    }

    private static void Add(Span<float> mass, int w, int h, int x, int y, double amount)
    {
        if ((uint)x < (uint)w && (uint)y < (uint)h) mass[y * w + x] += (float)amount;
    }

    /// <summary>Pixel-averaged projected thickness (nm) × contrast for a resolved particle centred at (u, v) px whose footprint lies within <paramref name="rPx"/> of it.</summary>
    private static void Supersampled(Span<float> mass, int w, int h, double u, double v, double rPx, double pixelNm, in Particle particle)
    {
        int c0 = Math.Max(0, (int)Math.Floor(u - rPx)), c1 = Math.Min(w - 1, (int)Math.Floor(u + rPx));
        int r0 = Math.Max(0, (int)Math.Floor(v - rPx)), r1 = Math.Min(h - 1, (int)Math.Floor(v + rPx));
        double contrast = particle.ContrastPerNm;
        const double step = 1.0 / Supersample;
        for (int row = r0; row <= r1; row++)
        {
            for (int col = c0; col <= c1; col++)
            {
                double sum = 0;
                for (int sy = 0; sy < Supersample; sy++)
                {
                    double dy = row + (sy + 0.5) * step - v;
                    for (int sx = 0; sx < Supersample; sx++)
                    {
                        double dx = col + (sx + 0.5) * step - u;
                        sum += particle.ThicknessAt(dx, -dy, pixelNm); // rows grow downwards, specimen y upwards
                    }
                }
                if (sum > 0) mass[row * w + col] += (float)(contrast * sum * pixelNm / (Supersample * Supersample));
            }
        }
    }
}
