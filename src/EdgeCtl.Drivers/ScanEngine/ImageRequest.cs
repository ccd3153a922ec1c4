using EdgeCtl.Realtime;

namespace EdgeCtl.Drivers;

/// <summary>
/// Parameters of one image acquisition (wire-protocol.md §2, AcquireImage). The FoV is centred on the
/// current stage position; row 0 is the top of the FoV (docs/rig.md, "Coordinates").
/// </summary>
/// <param name="Detector">HAADF or bright field.</param>
/// <param name="Width">Columns, 1 … 8192 pixels.</param>
/// <param name="Height">Rows, 1 … 8192 pixels.</param>
/// <param name="DwellUs">Dwell time per pixel, µs, in (0, 1000].</param>
/// <param name="FovUm">Field of view (full width), µm, in (0, 1000].</param>
public readonly record struct ImageRequest(DetectorKind Detector, int Width, int Height, double DwellUs, double FovUm)
{
    /// <summary>Largest width or height the protocol allows.</summary>
    public const int MaxSide = 8192;

    /// <summary>Expected acquisition time in instrument seconds: width × height × dwell.</summary>
    public double ExpectedSeconds => (double)Width * Height * DwellUs * 1e-6;

    /// <summary>Checks the protocol limits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is outside its range; the message names it and the range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Detector))
            throw new ArgumentOutOfRangeException(nameof(Detector), Detector, "Unknown detector (expected Haadf or BrightField).");
        if (Width is < 1 or > MaxSide)
            throw new ArgumentOutOfRangeException(nameof(Width), Width, $"Image width must be 1 … {MaxSide} pixels.");
        if (Height is < 1 or > MaxSide)
            throw new ArgumentOutOfRangeException(nameof(Height), Height, $"Image height must be 1 … {MaxSide} pixels.");
        if (!(DwellUs > 0 && DwellUs <= 1000))
            throw new ArgumentOutOfRangeException(nameof(DwellUs), DwellUs, "Dwell time must be in (0, 1000] µs.");
        if (!(FovUm > 0 && FovUm <= 1000))
            throw new ArgumentOutOfRangeException(nameof(FovUm), FovUm, "Field of view must be in (0, 1000] µm.");
    }
}
