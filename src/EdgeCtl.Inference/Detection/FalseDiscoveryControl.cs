using System.Buffers;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Per-scale false-discovery control of LoG blob candidates by the mirror (target–decoy)
/// principle: image noise and support texture are symmetric in sign, particles are not, so the
/// extrema of −R that pass the same tests as the bright-blob extrema of R estimate how many of
/// those are noise at every significance level (cf. the target–decoy FDR estimate, Elias &amp; Gygi,
/// Nat. Methods 4 (2007) 207; Benjamini &amp; Hochberg 1995). For every scale the significance cut
/// m ≥ 1 (in units of the local threshold) is the smallest at which
/// #mirror(&gt; m) ≤ q · #bright(&gt; m); heavy-tailed fine-scale noise (JPEG, shot noise) raises
/// the cut where it matters and leaves clean scales at the nominal threshold.
/// </summary>
internal static class FalseDiscoveryControl
{
    /// <summary>Removes from <paramref name="candidates"/> those below their scale's cut.</summary>
    /// <param name="candidates">Bright-blob candidates (filtered in place).</param>
    /// <param name="mirror">Extrema of −R.</param>
    /// <param name="scales">Number of scales (1 + the largest ScaleIndex).</param>
    /// <param name="maxFalseDiscoveryRate">q, e.g. 0.1.</param>
    public static void Apply(List<BlobCandidate> candidates, List<BlobCandidate> mirror, int scales, double maxFalseDiscoveryRate)
    {
        if (candidates.Count == 0 || scales <= 0) return;
        double[] cut = ArrayPool<double>.Shared.Rent(scales);
        double[] pos = ArrayPool<double>.Shared.Rent(candidates.Count);
        double[] neg = ArrayPool<double>.Shared.Rent(Math.Max(1, mirror.Count));
        try
        {
            for (int k = 0; k < scales; k++)
            {
                int np = 0, nn = 0;
                for (int i = 0; i < candidates.Count; i++) if (candidates[i].ScaleIndex == k) pos[np++] = candidates[i].Significance;
                for (int i = 0; i < mirror.Count; i++) if (mirror[i].ScaleIndex == k) neg[nn++] = mirror[i].Significance;
                Array.Sort(pos, 0, np);
                Array.Sort(neg, 0, nn);
                // Walk candidate cuts in increasing order: at a cut just below pos[i], #bright above = np − i.
                cut[k] = double.PositiveInfinity;
                int j = 0;
                for (int i = 0; i < np; i++)
                {
                    double m = pos[i];
                    while (j < nn && neg[j] < m) j++;
                    int brightAbove = np - i, mirrorAbove = nn - j;
                    if (mirrorAbove <= maxFalseDiscoveryRate * brightAbove) { cut[k] = m; break; }
                }
            }
            int write = 0;
            for (int i = 0; i < candidates.Count; i++)
            {
                var c = candidates[i];
                if (c.Significance >= cut[c.ScaleIndex]) candidates[write++] = c;
            }
            candidates.RemoveRange(write, candidates.Count - write);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(cut);
            ArrayPool<double>.Shared.Return(pos);
            ArrayPool<double>.Shared.Return(neg);
        }
    }
}
