namespace EdgeCtl.Inference.Detection;

/// <summary>
/// One detected particle. Coordinates are continuous and relative to the image's top-left corner
/// (x right, y down); pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5)
/// — the same convention as <see cref="BoundingBox"/> and YOLO labels. Micrometre and nanometre
/// values are NaN when the image's pixel size is unknown.
/// </summary>
/// <param name="CentroidXPx">Centroid column, px.</param>
/// <param name="CentroidYPx">Centroid row, px.</param>
/// <param name="CentroidXUm">Centroid x, µm from the image's top-left (NaN when uncalibrated).</param>
/// <param name="CentroidYUm">Centroid y, µm from the image's top-left, y down (NaN when uncalibrated).</param>
/// <param name="EquivalentRadiusPx">sqrt(AreaPx / π), px.</param>
/// <param name="EquivalentRadiusNm">Equivalent radius, nm (NaN when uncalibrated).</param>
/// <param name="AreaPx">Segment area, px².</param>
/// <param name="Box">Bounding box in px (pixel edges): the particle's visible extent — for the
/// classical detector a square of ≈ ±1.3 · σ√2 (its LoG scale) about the sub-pixel LoG maximum, which
/// may differ from the intensity centroid by a fraction of a pixel, clipped to the image.</param>
/// <param name="Score">Confidence 0..1 (for the classical detector: scale-normalised LoG response relative to the noise threshold).</param>
/// <param name="MeanIntensity">Mean of the input image over the segment, in the image's own units.</param>
/// <param name="Detector">Name of the detector that produced it.</param>
public readonly record struct DetectedParticle(
    double CentroidXPx,
    double CentroidYPx,
    double CentroidXUm,
    double CentroidYUm,
    double EquivalentRadiusPx,
    double EquivalentRadiusNm,
    double AreaPx,
    BoundingBox Box,
    double Score,
    double MeanIntensity,
    string Detector);
