using System.Globalization;
using EdgeCtl.Service.Configuration;

namespace EdgeCtl.Service.Campaign;

/// <summary>The overview the campaign asks for: FoV (magnification) and frame size, and why.</summary>
/// <param name="FovUm">Overview FoV (square), µm; also the region size of the campaign's grid.</param>
/// <param name="Pixels">Frame width and height, px.</param>
/// <param name="Reason">One line for the log: what decided the FoV and the frame size.</param>
public sealed record OverviewPlan(double FovUm, int Pixels, string Reason)
{
    /// <summary>Overview pixel size, nm.</summary>
    public double PixelSizeNm => FovUm * 1000 / Pixels;
}

/// <summary>
/// Chooses the overview FoV and frame size so that the expected particle diameter spans the size the
/// particle detector prefers (issue 3):
/// <list type="bullet">
/// <item>SAM-based detectors (<c>auto</c>, <c>sam</c>, their -fp32 forms) see a frame at
/// <see cref="SamEncoderSide"/> px (any frame's long side is scaled to it, so only the FoV sets how many
/// encoder px a particle spans; a 1024-px frame gives the encoder real detail), and resolve a particle only when it
/// spans ≥ ~40 px there. With a known diameter D (<see cref="AcquisitionOptions.ExpectedParticleDiameterNm"/>)
/// and no configured FoV, the FoV is zoomed to D · 1024 / <see cref="SamPreferredDiameterPx"/> (never wider
/// than the beam-shift range) and the frame is 1024 px, so a particle of diameter D spans 64 encoder px and
/// particles down to ~0.6 D are still resolved; smaller ones are left to the classical part of <c>auto</c>.</item>
/// <item>The classical detector works from particles ~2 px across upwards; the frame is the smallest power of
/// two whose pixels are at most <see cref="AcquisitionOptions.OverviewPixelSizeNm"/> and, with D known, at
/// most D / <see cref="ClassicalPreferredDiameterPx"/>.</item>
/// </list>
/// Configured <see cref="AcquisitionOptions.OverviewFovUm"/> / <see cref="AcquisitionOptions.OverviewPixels"/>
/// and the instrument's preferred width (the replay specimen's tiles) take precedence. Without D the plan is the
/// beam-shift range at the pixel-size rule, whatever the detector.
/// </summary>
public static class OverviewPlanner
{
    /// <summary>Side of SAM's encoder frame, px.</summary>
    public const int SamEncoderSide = 1024;

    /// <summary>Diameter the FoV is chosen for in SAM's encoder frame, px: 1.6 × the ~40 px SAM needs (issue 3's measurements), so most of a size distribution around D is resolved.</summary>
    public const double SamPreferredDiameterPx = 64;

    /// <summary>Smallest diameter SAM resolves in its encoder frame, px (issue 3: 68 % of masks reach IoU ≥ 0.5 from here, ~10 % below).</summary>
    public const double SamMinResolvedDiameterPx = 40;

    /// <summary>Diameter the classical detector is given at least, px (its LoG search starts at radius 1 px).</summary>
    public const double ClassicalPreferredDiameterPx = 4;

    /// <summary>Most regions the zoomed FoV may cut the stage range into (the policy scores every region per decision).</summary>
    public const int MaxRegions = 10_000;

    /// <summary>True for the detectors that run SAM: auto, auto-fp32, sam, sam-fp32.</summary>
    public static bool UsesSam(string detector) => detector is "auto" or "auto-fp32" or "sam" or "sam-fp32";

    /// <summary>The overview plan.</summary>
    /// <param name="a">Acquisition options (validated).</param>
    /// <param name="beamShiftRangeUm">The instrument's beam-shift range (largest FoV), µm.</param>
    /// <param name="preferredWidth">The instrument's native frame width, px (0 = any).</param>
    /// <param name="stageAreaUm2">Area of the stage range, µm² (bounds the zoom by <see cref="MaxRegions"/>).</param>
    /// <param name="detector">The particle detector actually in use (after any fallback).</param>
    public static OverviewPlan Plan(AcquisitionOptions a, double beamShiftRangeUm, int preferredWidth, double stageAreaUm2, string detector)
    {
        var inv = CultureInfo.InvariantCulture;
        double d = a.ExpectedParticleDiameterNm;
        bool sam = UsesSam(detector) && d > 0;
        double fov;
        string fovWhy;
        if (a.OverviewFovUm > 0) { fov = a.OverviewFovUm; fovWhy = "configured FoV"; }
        else if (sam && preferredWidth == 0)
        {
            double zoom = d * SamEncoderSide / SamPreferredDiameterPx / 1000;
            double floor = Math.Sqrt(Math.Max(stageAreaUm2, 0) / MaxRegions);
            fov = Math.Min(beamShiftRangeUm, Math.Max(zoom, floor));
            fovWhy = fov >= beamShiftRangeUm ? "beam-shift range (SAM's zoom would be wider)"
                : fov > zoom ? string.Create(inv, $"zoomed for SAM but kept ≥ {floor:G3} µm ({MaxRegions} regions at most)")
                : string.Create(inv, $"zoomed so D = {d:G3} nm spans {SamPreferredDiameterPx:G3} px of SAM's {SamEncoderSide}-px frame");
        }
        else { fov = beamShiftRangeUm; fovWhy = "beam-shift range"; }

        double fovNm = fov * 1000;
        int pixels;
        string pxWhy;
        if (a.OverviewPixels > 0) { pixels = a.OverviewPixels; pxWhy = "configured frame size"; }
        else if (preferredWidth > 0) { pixels = preferredWidth; pxWhy = "the instrument's native width"; }
        else
        {
            double maxPixel = a.OverviewPixelSizeNm;
            if (d > 0) maxPixel = Math.Min(maxPixel, d / ClassicalPreferredDiameterPx);
            pixels = OverviewSampling.FramePixels(fov, maxPixel);
            pxWhy = d > 0 ? string.Create(inv, $"pixels ≤ {maxPixel:G3} nm (D spans ≥ {ClassicalPreferredDiameterPx:G2} px for the classical detector)")
                : string.Create(inv, $"pixels ≤ {maxPixel:G3} nm");
            if (sam && d * SamEncoderSide / fovNm >= SamMinResolvedDiameterPx && pixels < SamEncoderSide)
            {
                pixels = SamEncoderSide;
                pxWhy = "SAM's encoder side (D is resolved there)";
            }
        }
        string samNote = "";
        if (sam)
        {
            double encoderPx = d * SamEncoderSide / fovNm; // SAM scales the frame's long side to 1024 px whatever its size
            samNote = encoderPx >= SamMinResolvedDiameterPx
                ? string.Create(inv, $"; D = {d:G3} nm spans {encoderPx:F0} px in SAM's encoder frame (resolved)")
                : string.Create(inv, $"; D = {d:G3} nm spans only {encoderPx:F0} px in SAM's encoder frame (< {SamMinResolvedDiameterPx:G2}): SAM leaves such particles to the classical detector");
        }
        return new OverviewPlan(fov, pixels,
            string.Create(inv, $"overview {fov:G4} µm ({fovWhy}), {pixels} px ({pxWhy}) = {fovNm / pixels:G4} nm/px{samNote}"));
    }
}
