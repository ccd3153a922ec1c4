namespace EdgeCtl.Hil.Tests.Support;

/// <summary>
/// The test's own, independent inversion of the rig's EELS encoding (docs/rig.md): fit
/// log(counts) = a − r·log(E) over 560–620 eV by least squares, extrapolate under 630–670 eV and
/// return (Σ counts − Σ background) / Σ background.
/// </summary>
public static class EelsEstimate
{
    public static double TargetValue(ReceivedSpectrum s)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < s.Counts.Length; i++)
        {
            double e = s.Offset + i * s.Scale;
            if (e < 560 || e > 620 || s.Counts[i] == 0) continue;
            double x = Math.Log(e), y = Math.Log(s.Counts[i]);
            sx += x; sy += y; sxx += x * x; sxy += x * y; n++;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        double signal = 0, background = 0;
        for (int i = 0; i < s.Counts.Length; i++)
        {
            double e = s.Offset + i * s.Scale;
            if (e < 630 || e > 670) continue;
            signal += s.Counts[i];
            background += Math.Exp(intercept + slope * Math.Log(e));
        }
        return (signal - background) / background;
    }
}
