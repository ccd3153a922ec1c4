using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Tests;

/// <summary>Renders synthetic overview images with known particles: anti-aliased discs plus Gaussian noise.</summary>
internal static class DetectionSynthetic
{
    public readonly record struct Particle(double X, double Y, double Radius);

    /// <summary>Background <paramref name="background"/>, particles add <paramref name="contrast"/> (negative = dark particles).</summary>
    public static GrayImage Render(int width, int height, IReadOnlyList<Particle> particles, double background, double contrast, double noise, int seed,
        double pixelSizeNm = double.NaN)
    {
        var img = new GrayImage(width, height, pixelSizeNm);
        var rng = new Random(seed);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double v = background;
                foreach (var p in particles)
                {
                    // Coverage of pixel (x, y) (centre x + 0.5) by the disc, by 4 × 4 supersampling.
                    if (Math.Abs(x + 0.5 - p.X) > p.Radius + 1 || Math.Abs(y + 0.5 - p.Y) > p.Radius + 1) continue;
                    int inside = 0;
                    for (int sy = 0; sy < 4; sy++)
                        for (int sx = 0; sx < 4; sx++)
                        {
                            double dx = x + (sx + 0.5) / 4 - p.X, dy = y + (sy + 0.5) / 4 - p.Y;
                            if (dx * dx + dy * dy <= p.Radius * p.Radius) inside++;
                        }
                    v += contrast * inside / 16.0;
                }
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                v += noise * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                img[x, y] = (float)v;
            }
        }
        return img;
    }

    /// <summary>Particles on a jittered grid with spacing <paramref name="spacing"/>, away from the border.</summary>
    public static List<Particle> Grid(int width, int height, double spacing, double radius, int seed)
    {
        var rng = new Random(seed);
        var list = new List<Particle>();
        for (double y = spacing; y < height - spacing / 2; y += spacing)
            for (double x = spacing; x < width - spacing / 2; x += spacing)
                list.Add(new Particle(x + (rng.NextDouble() - 0.5) * spacing * 0.3, y + (rng.NextDouble() - 0.5) * spacing * 0.3, radius));
        return list;
    }

    /// <summary>One-to-one matches within <paramref name="maxDistance"/> px (greedy by distance): (matched, predicted, truth).</summary>
    public static (int Matched, int Predicted, int Truth) MatchCentres(IReadOnlyList<Inference.Detection.DetectedParticle> found, IReadOnlyList<Particle> truth, double maxDistance)
    {
        var pairs = new List<(double D, int F, int T)>();
        for (int f = 0; f < found.Count; f++)
            for (int t = 0; t < truth.Count; t++)
            {
                double d = Math.Sqrt(Math.Pow(found[f].CentroidXPx - truth[t].X, 2) + Math.Pow(found[f].CentroidYPx - truth[t].Y, 2));
                if (d <= maxDistance) pairs.Add((d, f, t));
            }
        pairs.Sort((a, b) => a.D.CompareTo(b.D));
        var usedF = new bool[found.Count];
        var usedT = new bool[truth.Count];
        int m = 0;
        foreach (var (_, f, t) in pairs)
        {
            if (usedF[f] || usedT[t]) continue;
            usedF[f] = usedT[t] = true;
            m++;
        }
        return (m, found.Count, truth.Count);
    }
}
