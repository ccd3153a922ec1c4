using System.Buffers;
using System.Diagnostics;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Classical nanoparticle detector for HAADF (and bright-field) overview images, for particles
/// from ~1 px to ~100 px in radius. Steps:
/// <list type="number">
/// <item>Counting images (offset + Poisson counts at a low background, e.g. a HAADF frame at
/// 1 µs dwell; recognised by <see cref="CountingNoise"/>) are Anscombe-transformed so that the
/// noise is symmetric with unit variance.</item>
/// <item>Robust contrast normalisation: a σ = 1 px smoothed copy gives the 0.5th and 99.8th
/// percentiles, which map to 0 and 1; values below −0.5 are clipped (in counting images only
/// below −6 noise σ). Bright values are not clipped: on sparse frames the 99.8th percentile is
/// still background, and clipping there flattened 1–3 px particles into noise-level plateaus.</item>
/// <item>Polarity: forced by <see cref="DetectionOptions.BrightField"/> /
/// <see cref="DetectionOptions.Contrast"/>, or decided by <see cref="ContrastEstimator"/>;
/// bright-field images are inverted so particles are bright.</item>
/// <item>Multi-scale scale-normalised LoG blob detection with 3 × 3 × 3 scale-space maxima and
/// locally noise-adaptive thresholds (<see cref="ScaleSpaceBlobDetector"/>) over the radius range
/// of the options; per-scale false-discovery control against the mirrored (dark-blob) extrema
/// (<see cref="FalseDiscoveryControl"/>, q = 0.3); without a size hint, an automatic scale
/// estimate keeps candidates within radius × [0.35, 2.8] of the dominant scale
/// (<see cref="ScaleEstimator"/>) — in counting images a significance floor replaces that
/// window (see the code); then cross-scale non-maximum suppression
/// (<see cref="BlobSuppression"/>).</item>
/// <item>Background subtraction: grey opening with a square larger than the detected particles
/// (rolling-ball-like top-hat, van Herk O(N)) smoothed by a box mean of the same size.</item>
/// <item>Segmentation: marker-controlled watershed on the background-subtracted image with the
/// LoG maxima as markers, each basin cut at <see cref="DetectionOptions.SegmentationFraction"/>
/// of its marker's peak height and at 2.5 LoG radii, which splits touching particles along the
/// intensity saddle (<see cref="MarkerWatershed"/>).</item>
/// <item>Descriptors per segment: centroid, area, equivalent radius sqrt(area/π), mean input
/// intensity; bounding box ≈ ±1.3 · σ√2 about the sub-pixel LoG maximum, slightly narrower next
/// to neighbouring segments (<see cref="BoxRefinement"/>). The
/// centroid is the Gaussian-windowed (σ_w = the LoG σ) intensity centroid of the
/// background-subtracted image (<see cref="WindowedCentroid"/>), or the mean of the segment's
/// pixel centres when that fails;
/// score = 1 − threshold / response ∈ [0, 1).</item>
/// </list>
/// Measured on the 17 Genc et al. (2025) images (IoU ≥ 0.5, defaults): micro P 0.80, R 0.57,
/// F1 0.667 (TP 1624, FP 406, FN 1215; F1 0.647 with the former box ±1.35 · σ√2 about the windowed
/// centroid; P 0.73, F1 0.63 at the former threshold 2.25; 0.53 with segment-mean centroids);
/// ~0.46 s per image (640–2048 px) on a shared, loaded 2-core box (0.84 s before the order
/// statistics used selection and the filters were vectorised). Of the missed
/// hand boxes (at threshold 2.25), 565 had no LoG extremum of a compatible scale above threshold
/// inside them (134 of those only for want of the <see cref="DetectionOptions.MinContrast"/> floor,
/// mostly Pd1 and Pt2), 295 were removed by the false-discovery control (PtCo1, Pt_carbon1),
/// 54 by the scale window, 8 by NMS, 69 at segmentation or as border particles, and 273 had a
/// predicted box centred inside them but IoU &lt; 0.5 (127 of them only for box size, whose median
/// ratio to the hand box is 1.00 in every size bin, IQR ±13 %).
/// Stateless and thread-safe. Working memory: at most about six float planes and two int planes of the
/// image size (one more float plane for counting images), cached in <see cref="PlanePool{T}"/>.
/// The plane filters and the windowed centroids can be split over cores (<see cref="ParallelRanges"/>,
/// serial by default); the output does not depend on the split, bit for bit.
/// </summary>
public sealed class ClassicalParticleDetector : ITimedParticleDetector
{
    /// <summary>Detector name recorded in results.</summary>
    public const string DetectorName = "classical";

    // On emulator-like HAADF frames (offset + Poisson, ~8 counts of background) noise extrema that
    // pass the false-discovery control reach about 9.5 noise σ where the LoG's support crosses the
    // frame edge (the filters' edge handling raises the noise there), 10–35 nm particles at 14.6 nm/px
    // 10–22 noise σ. Inside the frame a lower floor suffices: on 30 bare-film frames (1024² and 2048²,
    // 0.25–4 µs) 7 lets through 1 noise extremum, as 10.1 everywhere did (6: 3, 5: 85), and recall of
    // 10–35 nm particles at 29.3 nm/px rises from 0.82 to 0.96 with none spurious. The floors are in
    // noise σ (significance × DetectionOptions.Threshold), so they do not move with the threshold.
    private const double CountingFloorNoiseSigmas = 10.1;
    private const double CountingInsideFloorNoiseSigmas = 7;
    // That floor is relative to the local noise estimate, which around a resolved particle (a few nm
    // at high magnification, σ ≫ 1 px) is dominated by the particle's own negative LoG surround and
    // by its neighbours': such particles reach only 3–6 there and were all rejected (0 of 91 on the
    // rig's 64-nm frame at 1 µs dwell, 0 of 16 on a sparse one even at 4 µs). Against the known
    // counting noise they stand hundreds of σ high, so from σ ≥ 2 px a candidate also passes at
    // this many known-noise σ; film-only rig frames at 0.25–4 µs dwell reach at most 24.5 (white noise: ~4 inside
    // the frame, up to ~16 at its border, where the filters' edge handling raises it; DetectionCountingNoiseTests).
    private const double CountingResolvedFloorNoiseSigmas = 40;
    private const double CountingResolvedMinSigmaPx = 2;
    private const double WindowedCentroidMinSigma = 0.8;
    private const double LowPercentile = 0.5;
    private const double HighPercentile = 99.8;
    private const double NmsMaxOverlap = 0.5;
    private const double MaxFalseDiscoveryRate = 0.3;
    private const double SegmentReachRadii = 2.5;
    private const double SegmentFloorNoise = 2.0;

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc cref="ITimedParticleDetector.Detect(GrayImage, DetectionOptions, DetectionTimings)" />
    /// <remarks>All of the time is <see cref="DetectionTimings.Classical"/>.</remarks>
    public IReadOnlyList<DetectedParticle> Detect(GrayImage image, DetectionOptions options, DetectionTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        long t0 = Stopwatch.GetTimestamp();
        var result = Detect(image, options);
        timings.Classical += Stopwatch.GetElapsedTime(t0).TotalSeconds;
        return result;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or a pixel is NaN/infinite.</exception>
    public IReadOnlyList<DetectedParticle> Detect(GrayImage image, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        try { image.EnsureFinite("image"); }
        catch (InvalidDataException e) { throw new ArgumentException(e.Message, nameof(image), e); }

        int w = image.Width, h = image.Height, n = w * h;
        float[] norm = PlanePool<float>.Rent(n);
        float[] work = PlanePool<float>.Rent(n);
        // Rented only after the scale-space stage (its peak), so fewer image-sized planes are alive at once.
        float[]? background = null;
        int[]? labels = null;
        float[]? stabilised = null;
        double[]? refinedX = null, refinedY = null;
        // Candidate lists are kept per thread and reused: they were ~2.6 MB of garbage per 1024² frame.
        var lists = t_lists ??= new CandidateLists();
        lists.Clear();
        try
        {
            var a = norm.AsSpan(0, n);
            var b = work.AsSpan(0, n);
            ReadOnlySpan<float> raw = image.Pixels, input = raw;

            // 0. Counting detector at a low background: stabilise the Poisson noise.
            if (CountingNoise.TryEstimateOffset(raw, w, h, b, out double countOffset))
            {
                stabilised = PlanePool<float>.Rent(n);
                CountingNoise.Stabilise(raw, countOffset, stabilised.AsSpan(0, n));
                input = stabilised.AsSpan(0, n);
            }

            // 1–2. Percentile normalisation and polarity.
            ImageFilters.GaussianBlur(input, b, w, h, 1.0);
            bool brightField;
            double lo, hi;
            using (var stats = new RobustStatistics(b))
            {
                brightField = options.BrightField || options.Contrast switch
                {
                    ContrastMode.BrightField => true,
                    ContrastMode.DarkField => false,
                    _ => ContrastEstimator.IsBrightField(stats),
                };
                lo = stats.Percentile(LowPercentile);
                hi = stats.Percentile(HighPercentile);
            }
            if (!(hi > lo)) return [];
            float gain = (float)(1.0 / (hi - lo)), offset = (float)lo;
            // Dark outliers are clipped at −0.5, except in stabilised counting images: there the
            // noise is unit-variance and the percentile range, taken on a smoothed copy, is only
            // a few noise σ wide, so that clip would cut the lower noise tail, make the noise
            // bright-skewed and defeat the mirror false-discovery control.
            float lowClip = stabilised is null ? -0.5f : Math.Min(-0.5f, -6f * gain);
            for (int i = 0; i < n; i++)
            {
                float v = (input[i] - offset) * gain;
                if (brightField) v = 1 - v;
                a[i] = Math.Max(v, lowClip);
            }

            // 3. Scale-space LoG blobs.
            double rMin = options.MinRadiusPx, rMax = Math.Min(options.MaxRadiusPx, Math.Min(w, h) / 4.0);
            if (options.ExpectedRadiusPx is { } hint)
            {
                rMin = Math.Max(rMin, 0.5 * hint);
                rMax = Math.Min(rMax, 2.0 * hint);
            }
            if (rMax < rMin) rMax = rMin;
            var candidates = lists.Candidates;
            var mirror = lists.Mirror;
            ScaleSpaceBlobDetector.Detect(a, w, h, rMin / Math.Sqrt(2), rMax / Math.Sqrt(2), options.Threshold, options.MinContrast, candidates, mirror);
            int scales = 0;
            foreach (var c in candidates) scales = Math.Max(scales, c.ScaleIndex + 1);
            FalseDiscoveryControl.Apply(candidates, mirror, scales, MaxFalseDiscoveryRate);
            if (stabilised is not null)
            {
                // Counting image: the noise is known to be white and unit-variance, so the particles'
                // significance, not a dominant scale, separates them from noise. The automatic scale
                // window is skipped (a few dozen sparse 1–3 px particles are outvoted by coarse noise
                // extrema and fall outside it); instead a significance floor, higher near the frame edge,
                // removes the noise extrema that survive the false-discovery control, and resolved
                // particles pass on their significance against the known noise (σ = gain per pixel in
                // the normalised plane).
                double inside = CountingInsideFloorNoiseSigmas / options.Threshold;
                double atBorder = CountingFloorNoiseSigmas / options.Threshold;
                int write = 0;
                for (int i = 0; i < candidates.Count; i++)
                {
                    var c = candidates[i];
                    bool resolved = c.Sigma >= CountingResolvedMinSigmaPx
                        && c.Response >= CountingResolvedFloorNoiseSigmas * CountingNoise.LogNoiseSigma(gain, c.Sigma);
                    double floorHere = NearBorder(c, w, h) ? atBorder : inside;
                    if (resolved || c.Significance >= floorHere) candidates[write++] = c;
                }
                candidates.RemoveRange(write, candidates.Count - write);
            }
            else if (options.ExpectedRadiusPx is null && candidates.Count > 0)
            {
                // Automatic scale: keep candidates within ±HalfWidthOctaves of the dominant scale.
                double rHat = ScaleEstimator.EstimateRadius(candidates, rMin, rMax, options.Threshold);
                double f = Math.Pow(2, ScaleEstimator.HalfWidthOctaves);
                double keepLo = rHat / f, keepHi = rHat * f;
                int write = 0;
                for (int i = 0; i < candidates.Count; i++)
                {
                    var c = candidates[i];
                    if (c.Radius >= keepLo && c.Radius <= keepHi) candidates[write++] = c;
                }
                candidates.RemoveRange(write, candidates.Count - write);
            }
            var blobs = lists.Blobs;
            BlobSuppression.Suppress(candidates, w, h, NmsMaxOverlap, blobs);
            if (blobs.Count == 0) return [];

            // 4. Background: opening larger than the particles, then a box mean.
            background = PlanePool<float>.Rent(n);
            labels = PlanePool<int>.Rent(n);
            double rBig = PercentileRadius(blobs, 0.95);
            int rBg = Math.Max(3, (int)Math.Ceiling(1.5 * rBig));
            var bg = background.AsSpan(0, n);
            double sigmaSmooth = Math.Clamp(0.25 * PercentileRadius(blobs, 0.5), 0.5, 2.0);
            ImageFilters.GaussianBlur(a, b, w, h, sigmaSmooth);              // b = smoothed
            ImageFilters.MinMaxFilter(b, bg, w, h, rBg, max: false);
            ImageFilters.MinMaxFilter(bg, bg, w, h, rBg, max: true);
            ImageFilters.BoxMean(bg, bg, w, h, rBg);
            for (int i = 0; i < n; i++) b[i] -= bg[i];                       // b = top-hat

            float floor;
            using (var fstats = new RobustStatistics(b, 1 << 16))
                floor = (float)(fstats.Median + SegmentFloorNoise * fstats.NormalisedMad());

            // 5. Marker-controlled watershed.
            var seeds = ArrayPool<WatershedSeed>.Shared.Rent(blobs.Count);
            try
            {
                for (int i = 0; i < blobs.Count; i++)
                {
                    var c = blobs[i];
                    int sx = Math.Clamp((int)c.X, 0, w - 1), sy = Math.Clamp((int)c.Y, 0, h - 1);
                    ClimbToPeak(b, w, h, ref sx, ref sy, Math.Max(1, (int)(0.5 * c.Radius)));
                    float peak = b[sy * w + sx];
                    seeds[i] = new WatershedSeed(sx, sy, (float)(options.SegmentationFraction * peak), (float)(SegmentReachRadii * c.Radius + 1));
                }
                MarkerWatershed.Flood(b, w, h, seeds.AsSpan(0, blobs.Count), floor, labels);
            }
            finally { ArrayPool<WatershedSeed>.Shared.Return(seeds); }

            // 6. Descriptors.
            var result = new List<DetectedParticle>(blobs.Count);
            double px = image.PixelSizeNm;
            using var m = new SegmentMeasurement(labels.AsSpan(0, n), raw, w, h, blobs.Count);
            // The windowed centroids (an exp per window pixel and step) are independent per
            // particle: computed first (split over cores when ParallelRanges has workers), then used in order below.
            refinedX = ArrayPool<double>.Shared.Rent(blobs.Count);
            refinedY = ArrayPool<double>.Shared.Rent(blobs.Count);
            var centroids = new CentroidArgs(norm, background, labels, w, h, blobs, m, options.ExcludeBorderParticles, refinedX, refinedY);
            double typicalSigma = Math.Max(WindowedCentroidMinSigma, PercentileRadius(blobs, 0.5) / Math.Sqrt(2));
            long windowWork = WindowedCentroid.MaxIterations * (long)Math.Pow(2 * Math.Ceiling(3 * typicalSigma) + 1, 2);
            ParallelRanges.For(blobs.Count, windowWork, 1, centroids, static (in CentroidArgs c, int i0, int i1) => c.Refine(i0, i1));
            for (int i = 0; i < blobs.Count; i++)
            {
                int label = i + 1;
                int area = m.Area(label);
                if (area == 0) continue; // marker merged into another marker's seed pixel
                if (options.ExcludeBorderParticles && m.TouchesBorder(label)) continue;
                var c = blobs[i];
                var (cx, cy) = m.Centroid(label);
                // The segment's mean position locks onto pixel centres for 1–4 px segments and follows
                // the thresholded outline for larger ones; the windowed intensity centroid from the
                // LoG position uses the blob's profile (micro-F1 on the Genc et al. set 0.53 → 0.63;
                // 0.57 when applied only up to σ = 3 px). The segment mean remains the fallback (NaN).
                if (!double.IsNaN(refinedX[i]))
                {
                    cx = refinedX[i];
                    cy = refinedY[i];
                }
                double req = Math.Sqrt(area / Math.PI);
                // The particle's visible extent: the LoG scale is a steadier size estimate than the
                // thresholded segment's bounding box on noisy, low-contrast supports (micro-F1 0.44
                // vs 0.35 on the Genc et al. set at the time of tuning), so the box is a square of
                // about ±1.3 · σ√2 about the LoG maximum, narrowed near neighbouring segments (BoxRefinement).
                var box = BoxRefinement.Box(labels.AsSpan(0, n), w, h, label, c.X, c.Y, c.Radius);
                result.Add(new DetectedParticle(
                    cx, cy, cx * px / 1000.0, cy * px / 1000.0,
                    req, req * px, area, box,
                    Math.Clamp(1.0 - c.Threshold / c.Response, 0, 1),
                    m.MeanIntensity(label), DetectorName));
            }
            return result;
        }
        finally
        {
            PlanePool<float>.Return(norm);
            PlanePool<float>.Return(work);
            if (background is not null) PlanePool<float>.Return(background);
            if (labels is not null) PlanePool<int>.Return(labels);
            lists.Clear();
            if (stabilised is not null) PlanePool<float>.Return(stabilised);
            if (refinedX is not null) ArrayPool<double>.Shared.Return(refinedX);
            if (refinedY is not null) ArrayPool<double>.Shared.Return(refinedY);
        }
    }

    /// <summary>Inputs and outputs of the per-particle windowed centroids (see step 6).</summary>
    private readonly record struct CentroidArgs(float[] Signal, float[] Background, int[] Labels, int Width, int Height,
        List<BlobCandidate> Blobs, SegmentMeasurement Segments, bool ExcludeBorder, double[] X, double[] Y)
    {
        /// <summary>Refines particles [i0, i1): X[i], Y[i] = the windowed centroid, or NaN where it fails or is not needed.</summary>
        public void Refine(int i0, int i1)
        {
            int n = Width * Height;
            for (int i = i0; i < i1; i++)
            {
                X[i] = Y[i] = double.NaN;
                int label = i + 1;
                if (Segments.Area(label) == 0 || (ExcludeBorder && Segments.TouchesBorder(label))) continue;
                var c = Blobs[i];
                double wx = c.X, wy = c.Y;
                if (WindowedCentroid.Refine(Signal.AsSpan(0, n), Background.AsSpan(0, n), Labels.AsSpan(0, n), Width, Height, label,
                        Math.Max(WindowedCentroidMinSigma, c.Sigma), ref wx, ref wy))
                {
                    X[i] = wx;
                    Y[i] = wy;
                }
            }
        }
    }

    /// <summary>Whether the LoG support of <paramref name="c"/> (4σ, plus the Laplacian's and the pre-blur's reach) crosses the frame edge.</summary>
    private static bool NearBorder(in BlobCandidate c, int w, int h) =>
        Math.Min(Math.Min(c.X, c.Y), Math.Min(w - c.X, h - c.Y)) < 4 * c.Sigma + 2;

    [ThreadStatic] private static CandidateLists? t_lists;

    /// <summary>The per-call candidate lists, reused across calls on one thread.</summary>
    private sealed class CandidateLists
    {
        public readonly List<BlobCandidate> Candidates = [], Mirror = [], Blobs = [];
        public void Clear() { Candidates.Clear(); Mirror.Clear(); Blobs.Clear(); }
    }

    private static void ClimbToPeak(ReadOnlySpan<float> f, int w, int h, ref int x, ref int y, int reach)
    {
        int bx = x, by = y;
        float best = f[y * w + x];
        for (int yy = Math.Max(0, y - reach); yy <= Math.Min(h - 1, y + reach); yy++)
        {
            for (int xx = Math.Max(0, x - reach); xx <= Math.Min(w - 1, x + reach); xx++)
            {
                float v = f[yy * w + xx];
                if (v > best) { best = v; bx = xx; by = yy; }
            }
        }
        x = bx;
        y = by;
    }

    private static double PercentileRadius(List<BlobCandidate> blobs, double q)
    {
        var radii = ArrayPool<double>.Shared.Rent(blobs.Count);
        try
        {
            for (int i = 0; i < blobs.Count; i++) radii[i] = blobs[i].Radius;
            Array.Sort(radii, 0, blobs.Count);
            return radii[Math.Min(blobs.Count - 1, (int)(q * (blobs.Count - 1) + 0.5))];
        }
        finally { ArrayPool<double>.Shared.Return(radii); }
    }
}
