using System.Buffers;
using System.Diagnostics;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Sam;

/// <summary>What <see cref="SamParticleDetector"/> reports.</summary>
public enum SamDetectorMode
{
    /// <summary>"sam": only particles SAM segmented (prompted at every classical candidate).</summary>
    Sam,
    /// <summary>"auto": SAM where particles are resolved at the encoder scale, the classical detector elsewhere and where SAM finds no acceptable mask.</summary>
    Auto,
}

/// <summary>Tuning of <see cref="SamParticleDetector"/>.</summary>
public sealed record SamDetectorOptions
{
    /// <summary>
    /// Smallest particle size (classical box side, encoder-frame px) SAM is prompted for in "auto" mode
    /// (issue 3: below ~40 px SAM does not resolve particles). 38, not 40: the classical box shrank
    /// from ±1.35 to ±1.265 LoG radii for touching particles (<c>BoxRefinement</c>), which
    /// dropped the rig's 100-nm frame of 4-nm particles below 40 px (SAM prompts 162 → 77, found 216 → 165);
    /// at 38 it finds 210 again, and the Genc et al. micro-F1 is unchanged (0.669; ≥ 40 px bin 0.639 → 0.644).
    /// </summary>
    public double MinResolvedPx { get; init; } = 38;

    /// <summary>
    /// Most native-scale encoder tiles per frame (each ≈ 1–2 s on 2 cores); candidates beyond stay
    /// classical. 0 (default) encodes every frame once at 1024 px: measured on the Genc et al. set,
    /// native-scale tiles of the 2048-px frames gave masks ~25 % smaller than the hand boxes and
    /// lowered micro-F1 (auto 0.520 with 4 tiles vs classical 0.528) at 3× the time.
    /// </summary>
    public int MaxTiles { get; init; }

    /// <summary>Tile overlap, image px, for frames encoded at native scale in tiles.</summary>
    public int TileOverlapPx { get; init; } = 192;

    /// <summary>Smallest decoder IoU prediction of an accepted mask.</summary>
    public double MinPredictedIoU { get; init; } = 0.5;

    /// <summary>Smallest SAM stability score of an accepted mask.</summary>
    public double MinStability { get; init; } = 0.6;

    /// <summary>Accepted mask area relative to the candidate's box ellipse area: [min, max].</summary>
    public double MinAreaRatio { get; init; } = 0.2;

    /// <inheritdoc cref="MinAreaRatio"/>
    public double MaxAreaRatio { get; init; } = 4;

    /// <summary>
    /// Decoder window (<see cref="SamSegmenter.WindowTokens"/>): the smallest that spans this many
    /// times the candidate's larger box side; 0 decodes on the whole 64 × 64 token grid. A mask the
    /// window cuts is decoded again on the next larger window.
    /// </summary>
    public double DecoderWindowFactor { get; init; } = 4;

    /// <summary>
    /// Reported box of a SAM particle: the mask's bounding box scaled by this about its centre (area, radius
    /// and centroid stay the mask's). Hand-drawn boxes enclose the blurred edge that SAM's logit-0 contour cuts
    /// inside: median hand-box side / mask-box side 1.057 for particles ≥ 40 px in the encoder frame, where
    /// "auto" uses SAM (Genc et al. set, matches at IoU ≥ 0.3). 1.06 → auto micro-F1 0.669 → 0.670, its ≥ 40 px
    /// bin 0.644 → 0.662; 1.12 gave less (0.670, 0.652).
    /// </summary>
    public double MaskBoxScale { get; init; } = 1.06;

    /// <summary>Mask logit threshold (SAM's own: 0). Lower grows masks towards blurred particle edges.</summary>
    public float MaskThreshold { get; init; }

    /// <summary>Mask token choice: the smallest acceptable component (true) or the one with the highest IoU prediction × stability (false).</summary>
    public bool PreferSmallest { get; init; } = true;

    /// <summary>
    /// In "auto" mode a SAM mask replaces its classical candidate only when their boxes overlap at
    /// least this much (IoU); otherwise SAM latched onto something else (background texture, a
    /// neighbour, an aggregate) and the classical particle is kept.
    /// </summary>
    public double MinAgreementIoU { get; init; } = 0.3;

    /// <summary>Two SAM particles whose boxes overlap more than this are one (the higher score is kept).</summary>
    public double NmsIoU { get; init; } = 0.5;

    /// <summary>
    /// Most extra prompts per frame at intensity maxima that no classical candidate explains
    /// (<see cref="SamPromptFinder"/>), used only when the frame's median candidate is resolved
    /// (≥ <see cref="MinResolvedPx"/> in the encoder frame). 0 turns them off.
    /// </summary>
    public int MaxExtraPrompts { get; init; } = 64;

    /// <summary>Smallest prominence of an extra prompt's maximum, as a fraction of the contrast window.</summary>
    public double ExtraMinProminence { get; init; } = 0.05;

    /// <summary>Smallest decoder IoU prediction of a mask from an extra prompt (stricter: nothing else vouches for it).</summary>
    public double ExtraMinPredictedIoU { get; init; } = 0.8;

    /// <summary>Smallest stability score of a mask from an extra prompt.</summary>
    public double ExtraMinStability { get; init; } = 0.85;

    /// <summary>
    /// Largest area of a mask from an extra prompt relative to the frame's median particle.
    /// Measured on PtCo + Cu4 (auto micro-F1): 2 → 0.639, 4 → 0.653 (a tighter bound drops
    /// single large particles more often than it drops merged pairs).
    /// </summary>
    public double ExtraMaxAreaRatio { get; init; } = 4;
}

/// <summary>
/// Scale-aware particle detector: the classical detector (<see cref="ClassicalParticleDetector"/>)
/// gives candidates and the size distribution; the frame is encoded once at SAM's 1024-px scale,
/// or — when its particles would be too small there but are resolved at native scale — in
/// overlapping native-scale 1024-px tiles chosen to cover those candidates (greedy set cover, at
/// most <see cref="SamDetectorOptions.MaxTiles"/>); the decoder is prompted at each resolved
/// candidate; of the four mask tokens the smallest component containing the prompt that passes the
/// filters (predicted IoU, stability score, area relative to the candidate, not cut by a tile edge)
/// is kept and refined at encoder resolution; when the frame's median candidate is resolved, SAM
/// is also prompted at intensity maxima no candidate explains (<see cref="SamPromptFinder"/>,
/// stricter mask filters: the classical detector misses touching resolved particles); duplicates
/// are removed by box NMS. In "auto" mode
/// the classical particles fill in wherever SAM was not prompted or found nothing acceptable.
/// Thread-safe (calls are serialised on the one model instance).
/// </summary>
public sealed class SamParticleDetector : ITimedParticleDetector, IDisposable
{
    private readonly SamSegmenter _sam;
    private readonly IParticleDetector _classical;
    private readonly SamDetectorOptions _options;
    private readonly Lock _gate = new();

    /// <summary>Creates the detector over loaded models.</summary>
    /// <exception cref="ArgumentException"><see cref="SamDetectorOptions.MaskBoxScale"/> is not a positive finite number.</exception>
    public SamParticleDetector(SamSegmenter sam, SamDetectorMode mode, SamDetectorOptions? options = null, IParticleDetector? classical = null)
    {
        _sam = sam ?? throw new ArgumentNullException(nameof(sam));
        Mode = mode;
        _options = options ?? new SamDetectorOptions();
        if (!(_options.MaskBoxScale > 0 && double.IsFinite(_options.MaskBoxScale)))
            throw new ArgumentException($"MaskBoxScale must be a positive finite number, got {_options.MaskBoxScale}.", nameof(options));
        _classical = classical ?? new ClassicalParticleDetector();
    }

    /// <summary>Detector names: "auto" (combined) and "sam".</summary>
    public string Name => Mode == SamDetectorMode.Auto ? "auto" : "sam";

    /// <summary>The mode.</summary>
    public SamDetectorMode Mode { get; }

    /// <summary>Stage timings summed over all calls.</summary>
    public SamTimings Totals { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<DetectedParticle> Detect(GrayImage image, DetectionOptions options) => Detect(image, options, new DetectionTimings());

    /// <inheritdoc />
    public IReadOnlyList<DetectedParticle> Detect(GrayImage image, DetectionOptions options, DetectionTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        var t = new SamTimings();
        var result = Detect(image, options, t);
        timings.Classical += t.Classical; timings.Preprocess += t.Preprocess; timings.Encoder += t.Encoder;
        timings.Decoder += t.Decoder; timings.Postprocess += t.Postprocess;
        timings.EncoderRuns += t.EncoderRuns; timings.DecoderRuns += t.DecoderRuns;
        return result;
    }

    private List<DetectedParticle> Detect(GrayImage image, DetectionOptions options, SamTimings t)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        long t0 = Stopwatch.GetTimestamp();
        var candidates = _classical.Detect(image, options); // validates options and pixels
        t.Classical += Stopwatch.GetElapsedTime(t0).TotalSeconds;
        lock (_gate)
        {
            var result = DetectLocked(image, options, candidates, t);
            Totals.Add(t);
            return result;
        }
    }

    private List<DetectedParticle> DetectLocked(GrayImage image, DetectionOptions options, IReadOnlyList<DetectedParticle> candidates, SamTimings t)
    {
        int w = image.Width, h = image.Height, n = candidates.Count;
        var result = new List<DetectedParticle>(n);
        if (n == 0) return result;
        int side = SamPreprocessor.Side;
        double minRes = _options.MinResolvedPx;

        // Scale: the whole frame at 1024 px, or native-scale tiles when that resolves more candidates.
        double sFull = (double)side / Math.Max(w, h);
        int resolvedFull = 0, resolvedNative = 0;
        for (int i = 0; i < n; i++)
        {
            double d = candidates[i].Box.Size;
            if (d * sFull >= minRes) resolvedFull++;
            if (d >= minRes) resolvedNative++;
        }
        bool tiled = sFull < 1 && resolvedNative > resolvedFull && _options.MaxTiles > 0;
        double s = tiled ? 1.0 : sFull;

        // Which candidates are prompted.
        var prompt = new bool[n];
        for (int i = 0; i < n; i++)
            prompt[i] = Mode == SamDetectorMode.Sam || candidates[i].Box.Size * s >= minRes;

        // Tiles (image px): one frame, or a greedy cover of the prompted candidates by native tiles.
        var tiles = new List<(int X, int Y, int W, int H)>();
        var tileOf = new int[n];
        Array.Fill(tileOf, -1);
        long tp0 = Stopwatch.GetTimestamp();
        if (!tiled)
        {
            tiles.Add((0, 0, w, h));
            for (int i = 0; i < n; i++) if (prompt[i]) tileOf[i] = 0;
        }
        else
        {
            var grid = new List<(int X, int Y, int W, int H)>();
            foreach (int gx in Positions(w, side, _options.TileOverlapPx))
                foreach (int gy in Positions(h, side, _options.TileOverlapPx))
                    grid.Add((gx, gy, Math.Min(side, w), Math.Min(side, h)));
            while (tiles.Count < _options.MaxTiles)
            {
                int best = -1, bestCount = 0;
                for (int g = 0; g < grid.Count; g++)
                {
                    int c = 0;
                    for (int i = 0; i < n; i++) if (prompt[i] && tileOf[i] < 0 && Inside(candidates[i].Box, grid[g], w, h)) c++;
                    if (c > bestCount) { best = g; bestCount = c; }
                }
                if (best < 0) break;
                for (int i = 0; i < n; i++) if (prompt[i] && tileOf[i] < 0 && Inside(candidates[i].Box, grid[best], w, h)) tileOf[i] = tiles.Count;
                tiles.Add(grid[best]);
                grid.RemoveAt(best);
            }
        }
        SamContrast contrast = SamPreprocessor.EstimateContrast(image, options);
        t.Preprocess += Stopwatch.GetElapsedTime(tp0).TotalSeconds;

        // Extra prompts where the frame's particles are resolved at the encoder scale.
        var peaks = new List<(float X, float Y, float Height)>();
        double medianEnc = MedianBoxSize(candidates) * s;
        if (!tiled && _options.MaxExtraPrompts > 0 && medianEnc >= minRes)
        {
            long tf = Stopwatch.GetTimestamp();
            SamPromptFinder.FindPeaks(image, s, contrast, medianEnc / 2, _options.ExtraMinProminence, peaks);
            int write = 0;
            for (int k = 0; k < peaks.Count; k++)
            {
                var pk = peaks[k];
                double ix = pk.X / s, iy = pk.Y / s;
                bool explained = false;
                foreach (var c in candidates)
                    if (ix >= c.Box.X && ix < c.Box.Right && iy >= c.Box.Y && iy < c.Box.Bottom) { explained = true; break; }
                if (!explained && write < _options.MaxExtraPrompts) peaks[write++] = pk;
            }
            peaks.RemoveRange(write, peaks.Count - write);
            t.Preprocess += Stopwatch.GetElapsedTime(tf).TotalSeconds;
        }
        var extra = new List<DetectedParticle>();

        var samOf = new DetectedParticle?[n];
        const int cells = SamMaskAnalysis.LowRes * SamMaskAnalysis.LowRes;
        // Rented after the first encoder run, not before: ~12 MB less under the encoder's peak.
        int[] visited = [], queue = [], wvisited = [];
        float[] window = [];
        try
        {
            int mark = 0;
            for (int ti = 0; ti < tiles.Count; ti++)
            {
                var tile = tiles[ti];
                bool any = ti == 0 && peaks.Count > 0;
                for (int i = 0; i < n && !any; i++) any = tileOf[i] == ti;
                if (!any) continue;
                // The classical detector's cached planes (~110 MB at 2048²) would otherwise sit under the encoder's peak.
                if (ti == FirstEncodedTile(tiles.Count, tileOf)) DetectionMemory.ReleaseCachedPlanes();
                _sam.Encode(image, tile.X, tile.Y, tile.W, tile.H, s, contrast, t);
                if (queue.Length == 0)
                {
                    visited = ArrayPool<int>.Shared.Rent(cells);
                    queue = ArrayPool<int>.Shared.Rent(side * side);
                    window = ArrayPool<float>.Shared.Rent(side * side);
                    wvisited = ArrayPool<int>.Shared.Rent(side * side);
                    Array.Clear(visited, 0, cells);
                    Array.Clear(wvisited, 0, side * side);
                }
                var (cw, ch) = _sam.Content;
                for (int i = 0; i < n; i++)
                {
                    if (tileOf[i] != ti) continue;
                    var c = candidates[i];
                    float ex = (float)((c.CentroidXPx - tile.X) * s), ey = (float)((c.CentroidYPx - tile.Y) * s);
                    var seg = DecodeAndSegment(image, c, tile, s, cw, ch, ex, ey, visited, queue, window, wvisited, ref mark,
                                               _options.MinPredictedIoU, _options.MinStability, _options.MaxAreaRatio, t);
                    long tq = Stopwatch.GetTimestamp();
                    if (seg is { } sp && Mode == SamDetectorMode.Auto && sp.Box.IoU(c.Box) < _options.MinAgreementIoU) seg = null;
                    samOf[i] = seg;
                    t.Postprocess += Stopwatch.GetElapsedTime(tq).TotalSeconds;
                }
                if (ti != 0) continue;
                double half = medianEnc / 2 / s;
                foreach (var pk in peaks)
                {
                    // Covered already by an accepted SAM particle?
                    double ix = pk.X / s, iy = pk.Y / s;
                    bool covered = false;
                    foreach (var q in samOf)
                        if (q is { } qp && ix >= qp.Box.X && ix < qp.Box.Right && iy >= qp.Box.Y && iy < qp.Box.Bottom) { covered = true; break; }
                    foreach (var q in extra)
                        if (!covered && ix >= q.Box.X && ix < q.Box.Right && iy >= q.Box.Y && iy < q.Box.Bottom) covered = true;
                    if (covered) continue;
                    var probe = new DetectedParticle(ix, iy, double.NaN, double.NaN, half, double.NaN, Math.PI * half * half,
                        BoundingBox.FromCenter(ix, iy, 2 * half, 2 * half), 0, double.NaN, "sam");
                    if (DecodeAndSegment(image, probe, tile, s, cw, ch, pk.X, pk.Y, visited, queue, window, wvisited, ref mark,
                                         _options.ExtraMinPredictedIoU, _options.ExtraMinStability, _options.ExtraMaxAreaRatio, t) is { } found)
                        extra.Add(found);
                }
            }
        }
        finally
        {
            if (queue.Length != 0)
            {
                ArrayPool<int>.Shared.Return(visited);
                ArrayPool<int>.Shared.Return(queue);
                ArrayPool<float>.Shared.Return(window);
                ArrayPool<int>.Shared.Return(wvisited);
            }
        }

        long tn = Stopwatch.GetTimestamp();
        // Box NMS among SAM particles (touching particles prompted twice often give one merged mask).
        var kept = new List<DetectedParticle>();
        var all = new DetectedParticle?[n + extra.Count];
        samOf.CopyTo(all, 0);
        for (int e = 0; e < extra.Count; e++) all[n + e] = extra[e];
        var suppressed = new bool[all.Length];
        SuppressDuplicates(all, _options.NmsIoU, kept, suppressed);
        result.AddRange(kept);
        if (Mode == SamDetectorMode.Auto)
            for (int i = 0; i < n; i++)
            {
                if (samOf[i] is not null && !suppressed[i]) continue;
                // A smaller classical blob lying mostly (≥ 80 % of its box) inside a SAM particle's box is part of it;
                // a touching neighbour whose centre merely falls in the box's corner is not.
                var c = candidates[i];
                bool inside = false;
                foreach (var k in kept) if (IsPartOf(c.Box, k.Box)) { inside = true; break; }
                if (!inside || samOf[i] is not null) result.Add(c);
            }
        t.Postprocess += Stopwatch.GetElapsedTime(tn).TotalSeconds;
        return result;
    }

    /// <summary>
    /// Decodes at (<paramref name="ex"/>, <paramref name="ey"/>) on the smallest decoder window that
    /// holds <see cref="SamDetectorOptions.DecoderWindowFactor"/> × the candidate's size, and
    /// segments; when a mask the window cut could have been chosen, decodes again on the next larger
    /// window (up to the whole grid).
    /// </summary>
    private DetectedParticle? DecodeAndSegment(GrayImage image, DetectedParticle c, (int X, int Y, int W, int H) tile, double s, int cw, int ch,
                                               float ex, float ey, int[] visited, int[] queue, float[] window, int[] wvisited, ref int mark,
                                               double minPredictedIoU, double minStability, double maxAreaRatio, SamTimings t)
    {
        const int tokenPx = SamPreprocessor.Side / SamDecoderWindow.GridTokens;
        double sizeEnc = Math.Max(c.Box.Width, c.Box.Height) * s;
        int tokens = _options.DecoderWindowFactor <= 0 ? SamDecoderWindow.GridTokens
                   : (int)Math.Ceiling(_options.DecoderWindowFactor * sizeEnc / tokenPx);
        while (true)
        {
            _sam.Decode(ex, ey, tokens, t);
            long tq = Stopwatch.GetTimestamp();
            var seg = Segment(image, c, tile, s, cw, ch, ex, ey, visited, queue, window, wvisited, ref mark,
                              minPredictedIoU, minStability, maxAreaRatio, out bool cut);
            t.Postprocess += Stopwatch.GetElapsedTime(tq).TotalSeconds;
            int side = _sam.Grid.Side / 4;
            if (!cut || side >= SamDecoderWindow.GridTokens) return seg;
            tokens = side + 1;
        }
    }

    private DetectedParticle? Segment(GrayImage image, DetectedParticle c, (int X, int Y, int W, int H) tile, double s, int cw, int ch,
                                      float ex, float ey, int[] visited, int[] queue, float[] window, int[] wvisited, ref int mark,
                                      double minPredictedIoU, double minStability, double maxAreaRatio, out bool cutByWindow)
    {
        const int cell = SamMaskAnalysis.Cell;
        var grid = _sam.Grid;
        int gs = grid.Side;
        int sx = (int)(ex / cell) - grid.OriginX, sy = (int)(ey / cell) - grid.OriginY;
        double expected = Math.PI / 4 * c.Box.Width * c.Box.Height * s * s / (cell * cell); // in cells
        int cwCells = (cw + cell - 1) / cell, chCells = (ch + cell - 1) / cell;
        bool cutLeft = tile.X > 0, cutTop = tile.Y > 0, cutRight = tile.X + tile.W < image.Width, cutBottom = tile.Y + tile.H < image.Height;

        int bestToken = -1, bestArea = int.MaxValue, bx0 = 0, by0 = 0, bx1 = 0, by1 = 0, cutArea = int.MaxValue;
        float bestIou = 0, bestStab = 0;
        for (int token = 0; token < 4; token++)
        {
            float iou = _sam.PredictedIoU(token);
            if (iou < minPredictedIoU) continue;
            var logits = _sam.Logits(token);
            int area = SamMaskAnalysis.Component(logits, gs, gs, _options.MaskThreshold, sx, sy, visited, ++mark, queue,
                out int x0, out int y0, out int x1, out int y1, out _, out _);
            if (area == 0) continue;
            double ratio = area / Math.Max(expected, 1e-9);
            if (ratio > maxAreaRatio) continue; // a cut mask is only larger uncut
            if ((grid.CutLeft && x0 == 0) || (grid.CutTop && y0 == 0) || (grid.CutRight && x1 == gs - 1) || (grid.CutBottom && y1 == gs - 1))
            {
                cutArea = Math.Min(cutArea, area);
                continue;
            }
            if (ratio < _options.MinAreaRatio) continue;
            x0 += grid.OriginX; x1 += grid.OriginX; y0 += grid.OriginY; y1 += grid.OriginY;
            if ((cutLeft && x0 == 0) || (cutTop && y0 == 0) || (cutRight && x1 >= cwCells - 1) || (cutBottom && y1 >= chCells - 1)) continue;
            if (x1 >= cwCells || y1 >= chCells) continue; // leaks into the padding
            if (_options.PreferSmallest && area >= bestArea) continue;
            float stab = SamMaskAnalysis.StabilityScore(logits);
            if (stab < minStability) continue;
            if (!_options.PreferSmallest && bestToken >= 0 && iou * stab <= bestIou * bestStab) continue;
            bestToken = token; bestArea = area; bestIou = iou; bestStab = stab;
            bx0 = x0; by0 = y0; bx1 = x1; by1 = y1;
        }
        // A window-cut mask smaller than the chosen one might have been chosen on a larger window.
        cutByWindow = cutArea < bestArea;
        if (bestToken < 0) return null;

        // Refine the chosen component at encoder-frame resolution around its low-res box.
        int wx0 = Math.Max(0, (bx0 - 1) * cell), wy0 = Math.Max(0, (by0 - 1) * cell);
        int wx1 = Math.Min(cw, (bx1 + 2) * cell), wy1 = Math.Min(ch, (by1 + 2) * cell);
        int ww = wx1 - wx0, wh = wy1 - wy0;
        if (ww <= 0 || wh <= 0) return null;
        var win = window.AsSpan(0, ww * wh);
        SamMaskAnalysis.Upsample(_sam.Logits(bestToken), grid, wx0, wy0, wx1, wy1, win);
        int px = Math.Clamp((int)ex - wx0, 0, ww - 1), py = Math.Clamp((int)ey - wy0, 0, wh - 1);
        var wv = wvisited.AsSpan(0, ww * wh);
        int m = ++mark;
        int count = SamMaskAnalysis.Component(win, ww, wh, _options.MaskThreshold, px, py, wv, m, queue,
            out int mx0, out int my0, out int mx1, out int my1, out double sumX, out double sumY);
        if (count == 0) return null;

        // Geometry in image px; mean intensity sampled at the segment's pixels.
        double inv = 1 / s;
        double cx = tile.X + (wx0 + sumX / count) * inv, cy = tile.Y + (wy0 + sumY / count) * inv;
        double bxl = tile.X + (wx0 + mx0) * inv, byt = tile.Y + (wy0 + my0) * inv;
        double bxr = tile.X + (wx0 + mx1 + 1) * inv, byb = tile.Y + (wy0 + my1 + 1) * inv;
        double areaPx = count * inv * inv;
        ScaleAboutCentre(ref bxl, ref bxr, _options.MaskBoxScale);
        ScaleAboutCentre(ref byt, ref byb, _options.MaskBoxScale);
        double sum = 0;
        int samples = 0;
        var pix = image.Pixels;
        for (int y = my0; y <= my1; y++)
            for (int x = mx0; x <= mx1; x++)
            {
                if (wv[y * ww + x] != m) continue;
                int ix = Math.Clamp((int)(tile.X + (wx0 + x + 0.5) * inv), 0, image.Width - 1);
                int iy = Math.Clamp((int)(tile.Y + (wy0 + y + 0.5) * inv), 0, image.Height - 1);
                sum += pix[iy * image.Width + ix];
                samples++;
            }
        double req = Math.Sqrt(areaPx / Math.PI), nm = image.PixelSizeNm;
        return new DetectedParticle(cx, cy, cx * nm / 1000.0, cy * nm / 1000.0, req, req * nm, areaPx,
            new BoundingBox(bxl, byt, bxr - bxl, byb - byt), Math.Clamp(bestIou * bestStab, 0, 1),
            samples == 0 ? double.NaN : sum / samples, "sam");
    }

    private static void ScaleAboutCentre(ref double lo, ref double hi, double scale)
    {
        double mid = (lo + hi) / 2;
        lo = mid + (lo - mid) * scale;
        hi = mid + (hi - mid) * scale;
    }

    private static int FirstEncodedTile(int tiles, int[] tileOf)
    {
        int first = tiles;
        foreach (int t in tileOf) if (t >= 0 && t < first) first = t;
        return first;
    }

    /// <summary>Median box size (sqrt(w · h), image px) of <paramref name="particles"/>; 0 when empty.</summary>
    internal static double MedianBoxSize(IReadOnlyList<DetectedParticle> particles)
    {
        if (particles.Count == 0) return 0;
        var sizes = new double[particles.Count];
        for (int i = 0; i < sizes.Length; i++) sizes[i] = particles[i].Box.Size;
        Array.Sort(sizes);
        int m = sizes.Length / 2;
        return sizes.Length % 2 == 1 ? sizes[m] : 0.5 * (sizes[m - 1] + sizes[m]);
    }

    /// <summary>
    /// Greedy box NMS: particles in descending score order; one overlapping an already kept one by
    /// more than <paramref name="maxIoU"/> is marked in <paramref name="suppressed"/>.
    /// </summary>
    internal static void SuppressDuplicates(ReadOnlySpan<DetectedParticle?> particles, double maxIoU, List<DetectedParticle> kept, Span<bool> suppressed)
    {
        var order = new List<int>();
        for (int i = 0; i < particles.Length; i++) if (particles[i] is not null) order.Add(i);
        var scores = new double[particles.Length];
        for (int i = 0; i < particles.Length; i++) scores[i] = particles[i]?.Score ?? 0;
        order.Sort((a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        foreach (int i in order)
        {
            var p = particles[i]!.Value;
            bool dup = false;
            foreach (var k in kept) if (k.Box.IoU(p.Box) > maxIoU) { dup = true; break; }
            if (dup) suppressed[i] = true;
            else kept.Add(p);
        }
    }

    /// <summary>True when ≥ 80 % of smaller box <paramref name="part"/> lies inside <paramref name="whole"/>.</summary>
    internal static bool IsPartOf(BoundingBox part, BoundingBox whole)
    {
        double ix = Math.Min(part.Right, whole.Right) - Math.Max(part.X, whole.X);
        double iy = Math.Min(part.Bottom, whole.Bottom) - Math.Max(part.Y, whole.Y);
        return ix > 0 && iy > 0 && ix * iy >= 0.8 * part.Area && part.Area < whole.Area;
    }

    /// <summary>Tile origins along an axis of <paramref name="length"/> px: evenly spaced, overlapping by at least <paramref name="overlap"/>.</summary>
    internal static IEnumerable<int> Positions(int length, int tile, int overlap)
    {
        if (length <= tile) { yield return 0; yield break; }
        int count = (int)Math.Ceiling((double)(length - overlap) / (tile - overlap));
        for (int k = 0; k < count; k++) yield return (int)Math.Round((double)k * (length - tile) / (count - 1));
    }

    private static bool Inside(BoundingBox b, (int X, int Y, int W, int H) tile, int w, int h)
    {
        const double margin = 8;
        double l = tile.X == 0 ? 0 : tile.X + margin, t = tile.Y == 0 ? 0 : tile.Y + margin;
        double r = tile.X + tile.W >= w ? w : tile.X + tile.W - margin, bt = tile.Y + tile.H >= h ? h : tile.Y + tile.H - margin;
        return b.X >= l && b.Y >= t && b.Right <= r && b.Bottom <= bt;
    }

    /// <inheritdoc />
    public void Dispose() => _sam.Dispose();
}
