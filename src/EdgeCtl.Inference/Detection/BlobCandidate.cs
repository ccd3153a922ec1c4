namespace EdgeCtl.Inference.Detection;

/// <summary>
/// A scale-space extremum of the scale-normalised LoG: position (continuous px, pixel centre at
/// i + 0.5), scale σ (px; blob radius ≈ σ√2), response (dimensionless, normalised contrast units)
/// and the noise threshold of its scale (same units).
/// </summary>
internal readonly record struct BlobCandidate(double X, double Y, double Sigma, float Response, float Threshold)
{
    /// <summary>Radius of a disc whose LoG response peaks at <see cref="Sigma"/>: σ√2, px.</summary>
    public double Radius => Sigma * Math.Sqrt(2);
}
