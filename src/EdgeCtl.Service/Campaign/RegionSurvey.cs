using EdgeCtl.Drivers;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Realtime;
using EdgeCtl.Service.Configuration;
using EdgeCtl.Service.Store;
using Microsoft.Extensions.Logging;

namespace EdgeCtl.Service.Campaign;

/// <summary>What one region survey produced: the overview, the particles and their EDX spectra.</summary>
/// <param name="Overview">The overview frame (caller disposes), or null when it failed.</param>
/// <param name="Particles">Particles with compositions, in detection order.</param>
/// <param name="EdxSpectra">The EDX spectrum of each particle (caller disposes).</param>
/// <param name="Error">Why the overview failed, or null.</param>
public sealed record SurveyResult(ImageFrame16? Overview, List<ParticleRecord> Particles, List<Spectrum?> EdxSpectra, string? Error) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Overview?.Dispose();
        foreach (var s in EdxSpectra) s?.Dispose();
    }
}

/// <summary>
/// The first half of the campaign diagram for one region: overview scan (HAADF) → particle
/// detection → EDX at the particle centres → composition c ± σ (eqs 2–3). The stage is already at
/// the region; the survey only uses the scan engine and the beam shift.
/// </summary>
public sealed class RegionSurvey(
    IScanEngine scan, IParticleDetector detector, EdxComposition edx, AcquisitionOptions acq,
    double fovUm, int overviewPixels, ILogger logger)
{
    /// <summary>Surveys the region whose FoV is centred at the stage position (<paramref name="stageXUm"/>, <paramref name="stageYUm"/>).</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<SurveyResult> RunAsync(double stageXUm, double stageYUm, AcquisitionGuard guard, CancellationToken ct)
    {
        ImageFrame16 frame;
        List<DetectedParticle> found;
        try
        {
            await scan.SetBeamShiftAsync(0, 0, ct);
            var request = new ImageRequest(acq.Detector, overviewPixels, overviewPixels, acq.OverviewDwellUs, fovUm);
            frame = await guard.RunAsync(() => scan.AcquireImageAsync(request, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError("Overview at ({X:F1}, {Y:F1}) µm failed: {Error}", stageXUm, stageYUm, e.Message);
            return new SurveyResult(null, [], [], $"overview failed: {e.Message}");
        }
        try
        {
            using var image = GrayImage.FromFrame(frame);
            var options = new DetectionOptions
            {
                Contrast = acq.Detector == DetectorKind.BrightField ? ContrastMode.BrightField : ContrastMode.DarkField,
            };
            found = [.. detector.Detect(image, options)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The frame is kept (stored with the failed visit) and the campaign moves on to another region.
            logger.LogError("Particle detection on the overview at ({X:F1}, {Y:F1}) µm failed: {Error}", stageXUm, stageYUm, e.Message);
            return new SurveyResult(frame, [], [], $"detection failed: {e.Message}");
        }

        double px = frame.PixelSizeNm;
        double halfRangeNm = fovUm * 500.0;
        var kept = new List<DetectedParticle>(found.Count);
        foreach (var p in found)
        {
            if (p.EquivalentRadiusPx * px < acq.MinParticleRadiusNm) continue;
            kept.Add(p);
        }
        var particles = new List<ParticleRecord>(kept.Count);
        var spectra = new List<Spectrum?>(kept.Count);
        double edxSeconds = kept.Count == 0 ? 0 : Math.Max(0.05, acq.EdxFrameSeconds / kept.Count);
        int noSignal = 0;
        for (int i = 0; i < kept.Count; i++)
        {
            var p = kept[i];
            // Centroids are continuous image coordinates (pixel i spans [i, i+1)); rows grow
            // downwards, specimen y upwards (docs/rig.md, Coordinates).
            double ox = (p.CentroidXPx - frame.Width / 2.0) * px;
            double oy = -(p.CentroidYPx - frame.Height / 2.0) * px;
            if (Math.Abs(ox) > halfRangeNm || Math.Abs(oy) > halfRangeNm) continue;
            var spectrum = await guard.RunAsync(() => scan.AcquireSpectrumAsync(SpectrumKind.Edx, ox, oy, edxSeconds, ct));
            var composition = edx.Quantify(spectrum);
            if (composition is null)
            {
                logger.LogDebug("EDX at detection {Index} ({X:F0}, {Y:F0}) nm shows none of the library's elements; skipped.", i, ox, oy);
                noSignal++;
                spectrum.Dispose();
                continue;
            }
            double counts = 0;
            foreach (var c in spectrum.Counts) counts += c;
            particles.Add(new ParticleRecord(0, particles.Count, stageXUm + ox / 1000, stageYUm + oy / 1000, ox, oy,
                p.EquivalentRadiusPx * px, p.AreaPx, p.Score, composition.Value.Fractions, composition.Value.Sigmas,
                composition.Value.SigmaTotal, counts, p.Detector));
            spectra.Add(spectrum);
        }
        int bySam = 0;
        foreach (var p in kept) if (p.Detector == "sam") bySam++;
        logger.LogInformation("Overview at ({X:F3}, {Y:F3}) µm, {Px:G4} nm/px: {Detector} found {Count} particles ({Sam} by SAM, {Other} classical).",
            stageXUm, stageYUm, px, detector.Name, kept.Count, bySam, kept.Count - bySam);
        if (noSignal > 0)
            logger.LogInformation("Region at ({X:F1}, {Y:F1}) µm: {Detections} detections, {Quantified} quantified, {NoSignal} without EDX signal of the library's elements.",
                stageXUm, stageYUm, kept.Count, particles.Count, noSignal);
        return new SurveyResult(frame, particles, spectra, null);
    }
}
