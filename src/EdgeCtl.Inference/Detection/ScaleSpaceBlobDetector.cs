using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Multi-scale blob detection with the scale-normalised Laplacian of Gaussian (Lindeberg, IJCV 30
/// (1998) 79): for σ_k = σ_min · 2^(k/4) up to σ_max the response R_k = −σ_k² ∇²(G_σk ∗ I) is
/// computed, and points that are maxima of R over their 3 × 3 × 3 scale-space neighbourhood and
/// exceed the scale's threshold become <see cref="BlobCandidate"/>s. Positions are refined by a
/// parabola through the neighbours, the scale by a parabola in log σ.
/// For speed, scale σ is evaluated on a 2 × 2 block-mean pyramid level with decimation d = 2^l such
/// that σ/d stays in [1.6, 3.2) (level 0 for smaller σ), which keeps every Gaussian ≤ ~13 taps
/// per pass: total cost O(N) per octave, independent of σ (Lowe, IJCV 60 (2004) 91, section 3).
/// The threshold of scale k at each point is max(minResponse, k_noise · max(σ_global, σ_local)):
/// σ_global = 1.4826 · MAD(R_k), σ_local = the RMS of the negative part of R_k over a ~6σ window,
/// ×√2 (noise is symmetric, bright particles are not), so signal-dependent shot noise and support
/// texture raise the threshold locally.
/// </summary>
internal static class ScaleSpaceBlobDetector
{
    /// <summary>Scales per octave.</summary>
    public const int ScalesPerOctave = 4;

    private const int NoiseWindowMin = 10;
    private const double NoiseWindowSigmas = 6;

    private sealed class Layer : IDisposable
    {
        public float[] Data = [];
        public float[] Threshold = [];
        public int Width, Height, Decimation;
        public double Sigma, LocalSigma;
        public void ReleaseThreshold()
        {
            if (Threshold.Length > 0) PlanePool<float>.Return(Threshold);
            Threshold = [];
        }
        public void Dispose()
        {
            if (Data.Length > 0) PlanePool<float>.Return(Data);
            if (Threshold.Length > 0) PlanePool<float>.Return(Threshold);
            Data = [];
            Threshold = [];
        }
    }

    /// <summary>Appends candidates found in <paramref name="image"/> (normalised, particles bright) to <paramref name="output"/>.</summary>
    /// <param name="image">Row-major plane, width × height.</param>
    /// <param name="width">Columns, px.</param>
    /// <param name="height">Rows, px.</param>
    /// <param name="minSigma">Smallest σ, px (≥ 0.3).</param>
    /// <param name="maxSigma">Largest σ, px.</param>
    /// <param name="noiseFactor">Threshold in units of the robust σ of each response map.</param>
    /// <param name="minResponse">Absolute response floor.</param>
    /// <param name="output">Receives the candidates (full-resolution coordinates).</param>
    /// <param name="mirror">Receives the extrema of −R found with the same rules (bright-blob
    /// detections on the inverted image): under symmetric noise they estimate how many of
    /// <paramref name="output"/> per scale are noise (see <see cref="FalseDiscoveryControl"/>).</param>
    public static void Detect(ReadOnlySpan<float> image, int width, int height, double minSigma, double maxSigma,
        double noiseFactor, double minResponse, List<BlobCandidate> output, List<BlobCandidate> mirror)
    {
        minSigma = Math.Max(0.3, minSigma);
        int count = Math.Max(1, (int)Math.Floor(ScalesPerOctave * Math.Log2(maxSigma / minSigma) + 1e-9) + 1);

        // Pyramid levels, built on demand; level 0 is the input itself.
        var pyramid = new List<(float[] Data, int W, int H)>();
        Layer? prev = null, cur = null, next = null;
        try
        {
            for (int k = 0; k <= count; k++)
            {
                if (k < count)
                {
                    double sigma = minSigma * Math.Pow(2, (double)k / ScalesPerOctave);
                    next = ComputeLayer(image, width, height, sigma, pyramid);
                }
                else next = null;

                if (cur is not null)
                {
                    // The threshold map is only needed while its layer is the middle one: computed
                    // here and released at once, so at most four planes (three responses and one
                    // threshold map) are alive instead of six.
                    ComputeThreshold(cur, noiseFactor, minResponse);
                    FindMaxima(prev, cur, next, width, height, k - 1, output, mirror);
                    cur.ReleaseThreshold();
                }
                prev?.Dispose();
                prev = cur;
                cur = next;
                next = null;
            }
        }
        finally
        {
            prev?.Dispose();
            cur?.Dispose();
            next?.Dispose();
            foreach (var (data, _, _) in pyramid) PlanePool<float>.Return(data);
        }
    }

    private static Layer ComputeLayer(ReadOnlySpan<float> image, int width, int height, double sigma,
        List<(float[] Data, int W, int H)> pyramid)
    {
        int level = sigma < 3.2 ? 0 : (int)Math.Floor(Math.Log2(sigma / 1.6));
        while (level > 0 && ((width >> level) < 16 || (height >> level) < 16)) level--;
        int d = 1 << level;
        ReadOnlySpan<float> src = image;
        int w = width, h = height;
        if (level > 0)
        {
            while (pyramid.Count < level)
            {
                ReadOnlySpan<float> parent = pyramid.Count == 0 ? image : pyramid[^1].Data.AsSpan(0, pyramid[^1].W * pyramid[^1].H);
                int pw = pyramid.Count == 0 ? width : pyramid[^1].W, ph = pyramid.Count == 0 ? height : pyramid[^1].H;
                int cw = (pw + 1) / 2, ch = (ph + 1) / 2;
                var data = PlanePool<float>.Rent(cw * ch);
                ImageFilters.Downsample2(parent, pw, ph, data);
                pyramid.Add((data, cw, ch));
            }
            var lv = pyramid[level - 1];
            src = lv.Data.AsSpan(0, lv.W * lv.H);
            w = lv.W;
            h = lv.H;
        }

        // Block averaging over d × d already blurs with variance ≈ (d² − 1)/12 px².
        double localVar = (sigma * sigma - (d * d - 1) / 12.0) / (d * d);
        double localSigma = Math.Sqrt(Math.Max(localVar, 0.09));
        var layer = new Layer { Width = w, Height = h, Decimation = d, Sigma = sigma, LocalSigma = localSigma, Data = PlanePool<float>.Rent(w * h) };
        float[] blurred = PlanePool<float>.Rent(w * h);
        try
        {
            ImageFilters.GaussianBlur(src, blurred, w, h, localSigma);
            // Normalise with the nominal σ in local pixels so responses are comparable across levels.
            double s = sigma / d;
            ImageFilters.NegativeScaledLaplacian(blurred.AsSpan(0, w * h), layer.Data.AsSpan(0, w * h), w, h, (float)(s * s));
        }
        finally { PlanePool<float>.Return(blurred); }
        return layer;
    }

    private static void ComputeThreshold(Layer layer, double noiseFactor, double minResponse)
    {
        int w = layer.Width, h = layer.Height;
        double localSigma = layer.LocalSigma;
        // Local noise: RMS of the negative lobe (bright particles give positive responses; noise is
        // symmetric), ×√2, over a window of ~6σ — tracks signal-dependent (shot) noise and texture.
        var r = layer.Data.AsSpan(0, w * h);
        layer.Threshold = PlanePool<float>.Rent(w * h);
        var t = layer.Threshold.AsSpan(0, w * h);
        NegativeSquares(r, t);
        int window = Math.Max(NoiseWindowMin, (int)Math.Ceiling(NoiseWindowSigmas * localSigma));
        ImageFilters.BoxMean(t, t, w, h, window);
        float k = (float)noiseFactor, floor = (float)minResponse;
        float g;
        using (var st = new RobustStatistics(r, 1 << 16)) g = (float)st.NormalisedMad();
        ThresholdFromMeanSquare(t, k, g, floor);
    }

    /// <summary>t[i] = min(r[i], 0)².</summary>
    private static void NegativeSquares(ReadOnlySpan<float> r, Span<float> t)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The sign of a zero minimum does not survive squaring, so the vector Min is exact here.
            ref float rr = ref MemoryMarshal.GetReference(r);
            ref float tr = ref MemoryMarshal.GetReference(t);
            for (; i <= r.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = Vector.Min(Vector.LoadUnsafe(ref rr, (nuint)i), Vector<float>.Zero);
                (v * v).StoreUnsafe(ref tr, (nuint)i);
            }
        }
        for (; i < r.Length; i++) { float v = Math.Min(r[i], 0f); t[i] = v * v; }
    }

    /// <summary>t[i] = max(floor, k · max(g, sqrt(2 · t[i]))) in place.</summary>
    private static void ThresholdFromMeanSquare(Span<float> t, float k, float g, float floor)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && !float.IsNaN(k * g) && !float.IsNaN(floor))
        {
            // Vector Max and Math.Max agree on ordered values without −0 (here all ≥ +0); a block
            // with a negative or NaN mean square (the double running sums can leave a tiny negative
            // residue) takes the scalar path, whose Math.Max propagates the NaN of the square root.
            ref float tr = ref MemoryMarshal.GetReference(t);
            var vk = new Vector<float>(k);
            var vg = new Vector<float>(g);
            var vf = new Vector<float>(floor);
            var two = new Vector<float>(2f);
            for (; i <= t.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = Vector.LoadUnsafe(ref tr, (nuint)i);
                if (!Vector.GreaterThanOrEqualAll(v, Vector<float>.Zero)) break;
                Vector.Max(vf, vk * Vector.Max(vg, Vector.SquareRoot(two * v))).StoreUnsafe(ref tr, (nuint)i);
            }
        }
        for (; i < t.Length; i++) t[i] = Math.Max(floor, k * Math.Max(g, MathF.Sqrt(2 * t[i])));
    }

    /// <summary>
    /// Scale-space maxima of R (into <paramref name="output"/>) and of −R (into <paramref name="mirror"/>)
    /// of the middle layer <paramref name="cur"/>, in row-major scan order. One pass serves both signs;
    /// blocks of pixels where |R| is nowhere above the threshold map are skipped in vectors.
    /// </summary>
    private static void FindMaxima(Layer? below, Layer cur, Layer? above, int fullWidth, int fullHeight, int scaleIndex,
        List<BlobCandidate> output, List<BlobCandidate> mirror)
    {
        int w = cur.Width, h = cur.Height;
        var r = cur.Data;
        var thrMap = cur.Threshold;
        int vc = Vector.IsHardwareAccelerated ? Vector<float>.Count : int.MaxValue;
        ref float rr = ref MemoryMarshal.GetArrayDataReference(r);
        ref float tr = ref MemoryMarshal.GetArrayDataReference(thrMap);
        for (int y = 0; y < h; y++)
        {
            int row = y * w;
            int x = 0;
            while (x < w)
            {
                // Skip blocks where v ≤ thr and −v ≤ thr everywhere (a NaN threshold is not skipped,
                // as in the scalar test).
                while (x <= w - vc)
                {
                    var v = Vector.LoadUnsafe(ref rr, (nuint)(row + x));
                    var thr = Vector.LoadUnsafe(ref tr, (nuint)(row + x));
                    if (!(Vector.LessThanOrEqualAll(v, thr) && Vector.LessThanOrEqualAll(-v, thr))) break;
                    x += vc;
                }
                int end = vc == int.MaxValue ? w : Math.Min(w, x + vc);
                for (; x < end; x++)
                {
                    float value = r[row + x], thr = thrMap[row + x];
                    if (!(value <= thr)) TryAdd(below, cur, above, fullWidth, fullHeight, scaleIndex, x, y, value, thr, 1f, output);
                    if (!(-value <= thr)) TryAdd(below, cur, above, fullWidth, fullHeight, scaleIndex, x, y, -value, thr, -1f, mirror);
                }
            }
        }
    }

    /// <summary>Adds the candidate at (x, y) of <paramref name="cur"/> (value v = sign · R above its threshold) when it is a 3 × 3 × 3 maximum of sign · R.</summary>
    private static void TryAdd(Layer? below, Layer cur, Layer? above, int fullWidth, int fullHeight, int scaleIndex,
        int x, int y, float v, float thr, float sign, List<BlobCandidate> output)
    {
        int w = cur.Width, h = cur.Height, d = cur.Decimation, row = y * w;
        var r = cur.Data;
        if (!IsSpatialMax(r, w, h, x, y, v, sign)) return;
        double fx = x + 0.5, fy = y + 0.5;
        double X = fx * d, Y = fy * d; // continuous full-resolution coordinates
        float vb = below is null ? float.NegativeInfinity : NeighbourhoodMax(below, X, Y, sign);
        if (vb >= v) return;
        float va = above is null ? float.NegativeInfinity : NeighbourhoodMax(above, X, Y, sign);
        if (va > v) return;

        // Sub-pixel refinement (parabola through the 3 samples per axis).
        double dx = x > 0 && x < w - 1 ? Vertex(sign * r[row + x - 1], v, sign * r[row + x + 1]) : 0;
        double dy = y > 0 && y < h - 1 ? Vertex(sign * r[row - w + x], v, sign * r[row + w + x]) : 0;
        double sigma = cur.Sigma;
        if (below is not null && above is not null)
            sigma *= Math.Pow(2, Vertex(vb, v, va) / ScalesPerOctave);
        double px = Math.Clamp((fx + dx) * d, 0, fullWidth), py = Math.Clamp((fy + dy) * d, 0, fullHeight);
        output.Add(new BlobCandidate(px, py, sigma, v, thr, scaleIndex));
    }

    private static bool IsSpatialMax(float[] r, int w, int h, int x, int y, float v, float sign)
    {
        int x0 = Math.Max(0, x - 1), x1 = Math.Min(w - 1, x + 1), y0 = Math.Max(0, y - 1), y1 = Math.Min(h - 1, y + 1);
        for (int yy = y0; yy <= y1; yy++)
        {
            for (int xx = x0; xx <= x1; xx++)
            {
                if (xx == x && yy == y) continue;
                float u = sign * r[yy * w + xx];
                // Strictly greater than earlier neighbours, ≥ later ones: one winner on plateaus.
                if (u > v || (u == v && (yy < y || (yy == y && xx < x)))) return false;
            }
        }
        return true;
    }

    private static float NeighbourhoodMax(Layer layer, double X, double Y, float sign)
    {
        int d = layer.Decimation;
        int cx = Math.Clamp((int)Math.Floor(X / d), 0, layer.Width - 1), cy = Math.Clamp((int)Math.Floor(Y / d), 0, layer.Height - 1);
        float m = float.NegativeInfinity;
        for (int yy = Math.Max(0, cy - 1); yy <= Math.Min(layer.Height - 1, cy + 1); yy++)
            for (int xx = Math.Max(0, cx - 1); xx <= Math.Min(layer.Width - 1, cx + 1); xx++)
                m = Math.Max(m, sign * layer.Data[yy * layer.Width + xx]);
        return m;
    }

    /// <summary>Offset of the vertex of the parabola through (−1, a), (0, b), (1, c), clamped to ±0.5.</summary>
    private static double Vertex(float a, float b, float c)
    {
        double den = a - 2.0 * b + c;
        if (den >= 0) return 0;
        return Math.Clamp(0.5 * (a - c) / den, -0.5, 0.5);
    }
}
