namespace EdgeCtl.Inference.Detection;

/// <summary>
/// A scale-space extremum of the scale-normalised LoG: position (continuous px, pixel centre at
/// i + 0.5), scale σ (px; blob radius ≈ σ√2), response (dimensionless, normalised contrast units)
/// the local noise threshold of its scale (same units) and the index of its scale (0 = finest).
/// </summary>
internal readonly record struct BlobCandidate(double X, double Y, double Sigma, float Response, float Threshold, int ScaleIndex)
{
    /// <summary>Response relative to the local threshold (≥ 1 for every candidate).</summary>
    public double Significance => Response / Threshold;

    /// <summary>Radius of a disc whose LoG response peaks at <see cref="Sigma"/>: σ√2, px.</summary>
    public double Radius => Sigma * Math.Sqrt(2);
}
