using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using MathNet.Numerics;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Separable image filters on row-major float planes (width × height), edge pixels replicated.
/// Every pass is a sequence of whole-row vector operations (TensorPrimitives) over a padded row,
/// so cost is O(N · taps) with taps bounded by the caller (the scale-space pyramid keeps σ ≤ ~4 px
/// per level) and no allocation beyond pooled buffers. Row passes can be split over cores by
/// rows, column passes by column ranges (<see cref="ParallelRanges"/>); every output value is
/// computed by the same operations in the same order whatever the split, so results are
/// bit-identical to a serial pass.
/// </summary>
internal static unsafe class ImageFilters
{
    /// <summary>
    /// Gaussian blur with pixel-integrated weights w_k = Φ((k+½)/σ) − Φ((k−½)/σ), normalised,
    /// radius ⌈4σ⌉ — accurate down to σ ≈ 0.3 px where point-sampled kernels fail.
    /// <paramref name="src"/> and <paramref name="dst"/> may be the same span.
    /// </summary>
    public static void GaussianBlur(ReadOnlySpan<float> src, Span<float> dst, int width, int height, double sigma)
    {
        int r = Math.Max(1, (int)Math.Ceiling(4 * sigma));
        r = Math.Min(r, Math.Max(width, height));
        float[] kernel = ArrayPool<float>.Shared.Rent(2 * r + 1);
        try
        {
            double sum = 0;
            for (int k = -r; k <= r; k++)
            {
                double w = 0.5 * (SpecialFunctions.Erf((k + 0.5) / (sigma * Math.Sqrt(2))) - SpecialFunctions.Erf((k - 0.5) / (sigma * Math.Sqrt(2))));
                kernel[k + r] = (float)w;
                sum += w;
            }
            for (int k = 0; k <= 2 * r; k++) kernel[k] = (float)(kernel[k] / sum);
            Convolve(src, dst, width, height, kernel.AsSpan(0, 2 * r + 1));
        }
        finally { ArrayPool<float>.Shared.Return(kernel); }
    }

    /// <summary>
    /// Separable convolution with a symmetric odd-length kernel (rows then columns).
    /// <paramref name="src"/> and <paramref name="dst"/> may be the same span. The row pass writes
    /// into <paramref name="dst"/>; the column pass then works in place, keeping the r + 1 row-pass
    /// rows it has already overwritten in a ring buffer, so no image-sized temporary is needed
    /// (the products and sums are the same, in the same order, as with a full temporary plane).
    /// </summary>
    public static void Convolve(ReadOnlySpan<float> src, Span<float> dst, int width, int height, ReadOnlySpan<float> kernel)
    {
        int n = RequirePlanes(src, dst, width, height);
        fixed (float* ps = src, pd = dst, pk = kernel)
        {
            var a = new ConvolveArgs((nint)ps, (nint)pd, (nint)pk, kernel.Length, width, height, n);
            ParallelRanges.For(height, (long)width * kernel.Length, 1, a, static (in ConvolveArgs a, int y0, int y1) => ConvolveRows(a, y0, y1));
            ParallelRanges.For(width, (long)height * kernel.Length, 16, a, static (in ConvolveArgs a, int x0, int x1) => ConvolveColumns(a, x0, x1));
        }
    }

    private readonly record struct ConvolveArgs(nint Src, nint Dst, nint Kernel, int Taps, int Width, int Height, int N)
    {
        public ReadOnlySpan<float> SrcSpan => new((void*)Src, N);
        public Span<float> DstSpan => new((void*)Dst, N);
        public ReadOnlySpan<float> KernelSpan => new((void*)Kernel, Taps);
    }

    /// <summary>Row pass of <see cref="Convolve"/> for rows [y0, y1) (the padded copy makes src == dst safe).</summary>
    private static void ConvolveRows(in ConvolveArgs a, int y0, int y1)
    {
        var src = a.SrcSpan;
        var dst = a.DstSpan;
        var kernel = a.KernelSpan;
        int width = a.Width, r = kernel.Length / 2;
        float[] pad = ArrayPool<float>.Shared.Rent(width + 2 * r);
        try
        {
            for (int y = y0; y < y1; y++)
            {
                var row = src.Slice(y * width, width);
                var p = pad.AsSpan(0, width + 2 * r);
                PadRow(row, p, r);
                var o = dst.Slice(y * width, width);
                TensorPrimitives.Multiply(p.Slice(0, width), kernel[0], o);
                for (int k = 1; k < kernel.Length; k++)
                    TensorPrimitives.MultiplyAdd(p.Slice(k, width), kernel[k], o, o);
            }
        }
        finally { ArrayPool<float>.Shared.Return(pad); }
    }

    /// <summary>Column pass of <see cref="Convolve"/> for columns [x0, x1), in place in dst: whole row
    /// segments are accumulated; row-pass rows ≤ y come from the ring (dst row y is overwritten now).</summary>
    private static void ConvolveColumns(in ConvolveArgs a, int x0, int x1)
    {
        var dst = a.DstSpan;
        var kernel = a.KernelSpan;
        int width = a.Width, height = a.Height, cw = x1 - x0, r = kernel.Length / 2;
        int ringRows = Math.Min(r + 1, height);
        float[] ring = ArrayPool<float>.Shared.Rent(ringRows * cw);
        try
        {
            for (int y = 0; y < height; y++)
            {
                var o = dst.Slice(y * width + x0, cw);
                o.CopyTo(ring.AsSpan(y % ringRows * cw, cw));
                TensorPrimitives.Multiply(RowPassRow(ring, dst, ringRows, width, x0, cw, y, Math.Clamp(y - r, 0, height - 1)), kernel[0], o);
                for (int k = 1; k < kernel.Length; k++)
                    TensorPrimitives.MultiplyAdd(RowPassRow(ring, dst, ringRows, width, x0, cw, y, Math.Clamp(y - r + k, 0, height - 1)), kernel[k], o, o);
            }
        }
        finally { ArrayPool<float>.Shared.Return(ring); }
    }

    private static ReadOnlySpan<float> RowPassRow(float[] ring, Span<float> dst, int ringRows, int width, int x0, int cw, int y, int yy) =>
        yy <= y ? ring.AsSpan(yy % ringRows * cw, cw) : dst.Slice(yy * width + x0, cw);

    /// <summary>Checks that both planes hold width × height values; returns that count.</summary>
    private static int RequirePlanes(ReadOnlySpan<float> src, ReadOnlySpan<float> dst, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"Plane size must be positive, got {width} × {height}.");
        int n = checked(width * height);
        if (src.Length < n) throw new ArgumentException($"Source plane has {src.Length} values, needs {width} × {height}.", nameof(src));
        if (dst.Length < n) throw new ArgumentException($"Destination plane has {dst.Length} values, needs {width} × {height}.", nameof(dst));
        return n;
    }

    private static void PadRow(ReadOnlySpan<float> row, Span<float> pad, int r)
    {
        int w = row.Length;
        float first = row[0], last = row[w - 1];
        pad.Slice(0, r).Fill(first);
        row.CopyTo(pad.Slice(r, w));
        pad.Slice(r + w, r).Fill(last);
    }

    /// <summary>
    /// Scale-normalised negative Laplacian: dst = −σ² ∇² src with the 5-point stencil (replicated
    /// edges). Positive for bright blobs. Source: Lindeberg, "Feature detection with automatic
    /// scale selection", IJCV 30 (1998), eq. for the normalised Laplacian (γ = 1).
    /// </summary>
    public static void NegativeScaledLaplacian(ReadOnlySpan<float> src, Span<float> dst, int width, int height, float sigmaSquared)
    {
        int n = RequirePlanes(src, dst, width, height);
        fixed (float* ps = src, pd = dst)
        {
            var a = new LaplacianArgs((nint)ps, (nint)pd, width, height, n, sigmaSquared);
            ParallelRanges.For(height, 6L * width, 1, a, static (in LaplacianArgs a, int y0, int y1) => LaplacianRows(a, y0, y1));
        }
    }

    private readonly record struct LaplacianArgs(nint Src, nint Dst, int Width, int Height, int N, float SigmaSquared);

    private static void LaplacianRows(in LaplacianArgs a, int y0, int y1)
    {
        var src = new ReadOnlySpan<float>((void*)a.Src, a.N);
        var dst = new Span<float>((void*)a.Dst, a.N);
        int width = a.Width, height = a.Height;
        float sigmaSquared = a.SigmaSquared;
        for (int y = y0; y < y1; y++)
        {
            int yu = y > 0 ? y - 1 : 0, yd = y < height - 1 ? y + 1 : height - 1;
            var c = src.Slice(y * width, width);
            var u = src.Slice(yu * width, width);
            var d = src.Slice(yd * width, width);
            var o = dst.Slice(y * width, width);
            int x = 0;
            // Interior columns in vectors: the same operations in the same order as the scalar
            // expression below, so the values are bit-identical.
            if (Vector.IsHardwareAccelerated && width >= Vector<float>.Count + 2)
            {
                var s2 = new Vector<float>(-sigmaSquared);
                var four = new Vector<float>(4f);
                ref float cr = ref MemoryMarshal.GetReference(c);
                ref float ur = ref MemoryMarshal.GetReference(u);
                ref float dr = ref MemoryMarshal.GetReference(d);
                ref float or = ref MemoryMarshal.GetReference(o);
                o[0] = -sigmaSquared * (c[0] + c[width > 1 ? 1 : 0] + u[0] + d[0] - 4 * c[0]);
                for (x = 1; x <= width - 1 - Vector<float>.Count; x += Vector<float>.Count)
                {
                    var l = Vector.LoadUnsafe(ref cr, (nuint)(x - 1));
                    var rr = Vector.LoadUnsafe(ref cr, (nuint)(x + 1));
                    var cc = Vector.LoadUnsafe(ref cr, (nuint)x);
                    var sum = l + rr + Vector.LoadUnsafe(ref ur, (nuint)x) + Vector.LoadUnsafe(ref dr, (nuint)x) - four * cc;
                    (s2 * sum).StoreUnsafe(ref or, (nuint)x);
                }
            }
            for (; x < width; x++)
            {
                float l = c[x > 0 ? x - 1 : 0], rr = c[x < width - 1 ? x + 1 : width - 1];
                o[x] = -sigmaSquared * (l + rr + u[x] + d[x] - 4 * c[x]);
            }
        }
    }

    /// <summary>2 × 2 block mean: dst is ⌈w/2⌉ × ⌈h/2⌉ (odd edges average the available pixels).</summary>
    public static void Downsample2(ReadOnlySpan<float> src, int width, int height, Span<float> dst)
    {
        int w2 = (width + 1) / 2, h2 = (height + 1) / 2;
        for (int y = 0; y < h2; y++)
        {
            int y0 = 2 * y, y1 = Math.Min(2 * y + 1, height - 1);
            for (int x = 0; x < w2; x++)
            {
                int x0 = 2 * x, x1 = Math.Min(2 * x + 1, width - 1);
                dst[y * w2 + x] = 0.25f * (src[y0 * width + x0] + src[y0 * width + x1] + src[y1 * width + x0] + src[y1 * width + x1]);
            }
        }
    }

    /// <summary>
    /// Grey-level erosion (min) or dilation (max) with a (2r+1) × (2r+1) square, separable,
    /// O(N) independent of r by the van Herk / Gil–Werman algorithm (van Herk, Pattern Recognit.
    /// Lett. 13 (1992) 517; Gil &amp; Werman, IEEE PAMI 15 (1993) 504). In place allowed.
    /// </summary>
    public static void MinMaxFilter(ReadOnlySpan<float> src, Span<float> dst, int width, int height, int r, bool max)
    {
        int n = RequirePlanes(src, dst, width, height);
        if (r < 0) throw new ArgumentOutOfRangeException(nameof(r), r, "Radius must be ≥ 0.");
        fixed (float* ps = src, pd = dst)
        {
            var a = new PlaneArgs((nint)ps, (nint)pd, width, height, n, r);
            if (max)
            {
                ParallelRanges.For(height, 6L * width, StripLanes, a, static (in PlaneArgs a, int y0, int y1) => MinMaxRows<MaxOp>(a, y0, y1));
                ParallelRanges.For(width, 8L * height, StripLanes, a, static (in PlaneArgs a, int x0, int x1) => MinMaxColumns<MaxOp>(a, x0, x1));
            }
            else
            {
                ParallelRanges.For(height, 6L * width, StripLanes, a, static (in PlaneArgs a, int y0, int y1) => MinMaxRows<MinOp>(a, y0, y1));
                ParallelRanges.For(width, 8L * height, StripLanes, a, static (in PlaneArgs a, int x0, int x1) => MinMaxColumns<MinOp>(a, x0, x1));
            }
        }
    }

    /// <summary>Source and destination plane of a filter pass with an integer radius; src may equal dst.</summary>
    private readonly record struct PlaneArgs(nint Src, nint Dst, int Width, int Height, int N, int R)
    {
        public ReadOnlySpan<float> SrcSpan => new((void*)Src, N);
        public Span<float> DstSpan => new((void*)Dst, N);
    }

    // Lines are filtered in strips of this many side by side (two vectors): column strips are
    // gathered row by row from contiguous memory, row strips by a small transpose, and the van
    // Herk recurrences then run on whole vectors of lanes.
    private static int StripLanes => 2 * Vector<float>.Count;

    // Room for the identity padding of a line of this length: n + 2r values rounded up to whole blocks of 2r + 1.
    private static int PaddedLength(int length, int r) => length + 2 * r + 2 * (2 * r + 1);

    /// <summary>Row pass of <see cref="MinMaxFilter"/> for rows [y0, y1): strips of rows are transposed
    /// into a buffer, filtered lane-parallel and transposed back, so the pass may run in place.</summary>
    private static void MinMaxRows<TOp>(in PlaneArgs a, int y0, int y1) where TOp : struct, IMinMaxOp
    {
        var src = a.SrcSpan;
        var dst = a.DstSpan;
        int width = a.Width, r = a.R, lanes = StripLanes;
        int len = PaddedLength(width, r) * lanes;
        float[] line = ArrayPool<float>.Shared.Rent(len);
        float[] g = ArrayPool<float>.Shared.Rent(len);
        float[] h = ArrayPool<float>.Shared.Rent(len);
        try
        {
            int y = y0;
            for (; y + lanes <= y1; y += lanes)
            {
                for (int j = 0; j < lanes; j++)
                {
                    var row = src.Slice((y + j) * width, width);
                    for (int x = 0; x < width; x++) line[(r + x) * lanes + j] = row[x];
                }
                VanHerkStrip<TOp>(line, g, h, width, r, lanes);
                for (int j = 0; j < lanes; j++)
                {
                    var row = dst.Slice((y + j) * width, width);
                    for (int x = 0; x < width; x++) row[x] = line[x * lanes + j];
                }
            }
            for (; y < y1; y++)
                Line1D<TOp>(src.Slice(y * width, width), dst.Slice(y * width, width), r, line, g, h);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(line);
            ArrayPool<float>.Shared.Return(g);
            ArrayPool<float>.Shared.Return(h);
        }
    }

    /// <summary>Column pass of <see cref="MinMaxFilter"/> for columns [x0, x1), in place in dst.</summary>
    private static void MinMaxColumns<TOp>(in PlaneArgs a, int x0, int x1) where TOp : struct, IMinMaxOp
    {
        var dst = a.DstSpan;
        int width = a.Width, height = a.Height, r = a.R, lanes = StripLanes;
        int len = PaddedLength(height, r) * lanes;
        float[] line = ArrayPool<float>.Shared.Rent(len);
        float[] g = ArrayPool<float>.Shared.Rent(len);
        float[] h = ArrayPool<float>.Shared.Rent(len);
        float[] col = ArrayPool<float>.Shared.Rent(height);
        float[] colOut = ArrayPool<float>.Shared.Rent(height);
        try
        {
            int xs = x0;
            for (; xs + lanes <= x1; xs += lanes)
            {
                for (int y = 0; y < height; y++) dst.Slice(y * width + xs, lanes).CopyTo(line.AsSpan((r + y) * lanes, lanes));
                VanHerkStrip<TOp>(line, g, h, height, r, lanes);
                for (int y = 0; y < height; y++) line.AsSpan(y * lanes, lanes).CopyTo(dst.Slice(y * width + xs, lanes));
            }
            for (; xs < x1; xs++)
            {
                for (int y = 0; y < height; y++) col[y] = dst[y * width + xs];
                Line1D<TOp>(col.AsSpan(0, height), colOut.AsSpan(0, height), r, line, g, h);
                for (int y = 0; y < height; y++) dst[y * width + xs] = colOut[y];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(line);
            ArrayPool<float>.Shared.Return(g);
            ArrayPool<float>.Shared.Return(h);
            ArrayPool<float>.Shared.Return(col);
            ArrayPool<float>.Shared.Return(colOut);
        }
    }

    /// <summary>
    /// <see cref="Line1D{TOp}"/> on <paramref name="lanes"/> lines at once, stored interleaved
    /// (element i of lane j at [i · lanes + j]). On entry <paramref name="line"/> holds the n values
    /// of each lane at positions r..r + n − 1; on return its first n positions hold the filtered
    /// values. Vector Min/Max give the same values as Math.Min/Max (NaN and signed zeros included),
    /// so the result equals the scalar recurrences lane by lane.
    /// </summary>
    private static void VanHerkStrip<TOp>(float[] line, float[] g, float[] h, int n, int r, int lanes) where TOp : struct, IMinMaxOp
    {
        int k = 2 * r + 1;
        int padded = n + 2 * r;
        int total = (padded + k - 1) / k * k;
        int vc = Vector<float>.Count;
        line.AsSpan(0, r * lanes).Fill(TOp.Identity);
        line.AsSpan((r + n) * lanes, (total - r - n) * lanes).Fill(TOp.Identity);
        ref float lr = ref MemoryMarshal.GetArrayDataReference(line);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(g);
        ref float hr = ref MemoryMarshal.GetArrayDataReference(h);
        for (int b = 0; b < total; b += k)
        {
            line.AsSpan(b * lanes, lanes).CopyTo(g.AsSpan(b * lanes, lanes));
            for (int i = b + 1; i < b + k; i++)
                for (int j = 0; j < lanes; j += vc)
                    TOp.Apply(Vector.LoadUnsafe(ref gr, (nuint)((i - 1) * lanes + j)), Vector.LoadUnsafe(ref lr, (nuint)(i * lanes + j)))
                        .StoreUnsafe(ref gr, (nuint)(i * lanes + j));
            line.AsSpan((b + k - 1) * lanes, lanes).CopyTo(h.AsSpan((b + k - 1) * lanes, lanes));
            for (int i = b + k - 2; i >= b; i--)
                for (int j = 0; j < lanes; j += vc)
                    TOp.Apply(Vector.LoadUnsafe(ref hr, (nuint)((i + 1) * lanes + j)), Vector.LoadUnsafe(ref lr, (nuint)(i * lanes + j)))
                        .StoreUnsafe(ref hr, (nuint)(i * lanes + j));
        }
        // Window over padded indices [i, i + k − 1]; line is no longer read, so it takes the output.
        for (int i = 0; i < n; i++)
            for (int j = 0; j < lanes; j += vc)
                TOp.Apply(Vector.LoadUnsafe(ref hr, (nuint)(i * lanes + j)), Vector.LoadUnsafe(ref gr, (nuint)((i + k - 1) * lanes + j)))
                    .StoreUnsafe(ref lr, (nuint)(i * lanes + j));
    }

    private interface IMinMaxOp
    {
        static abstract float Identity { get; }
        static abstract float Apply(float a, float b);
        static abstract Vector<float> Apply(Vector<float> a, Vector<float> b);
    }

    private struct MaxOp : IMinMaxOp
    {
        public static float Identity => float.NegativeInfinity;
        public static float Apply(float a, float b) => Math.Max(a, b);
        public static Vector<float> Apply(Vector<float> a, Vector<float> b) => Vector.Max(a, b);
    }

    private struct MinOp : IMinMaxOp
    {
        public static float Identity => float.PositiveInfinity;
        public static float Apply(float a, float b) => Math.Min(a, b);
        public static Vector<float> Apply(Vector<float> a, Vector<float> b) => Vector.Min(a, b);
    }

    private static void Line1D<TOp>(ReadOnlySpan<float> src, Span<float> dst, int r, float[] line, float[] g, float[] h)
        where TOp : struct, IMinMaxOp
    {
        int n = src.Length, k = 2 * r + 1;
        int padded = n + 2 * r;
        int total = (padded + k - 1) / k * k;
        float fill = TOp.Identity;
        // Pad with the identity element so the window shrinks at the edges.
        for (int i = 0; i < r; i++) line[i] = fill;
        src.CopyTo(line.AsSpan(r, n));
        for (int i = r + n; i < total; i++) line[i] = fill;
        for (int b = 0; b < total; b += k)
        {
            g[b] = line[b];
            for (int i = b + 1; i < b + k; i++) g[i] = TOp.Apply(g[i - 1], line[i]);
            h[b + k - 1] = line[b + k - 1];
            for (int i = b + k - 2; i >= b; i--) h[i] = TOp.Apply(h[i + 1], line[i]);
        }
        for (int i = 0; i < n; i++)
        {
            // Window over padded indices [i, i + k - 1].
            dst[i] = TOp.Apply(h[i], g[i + k - 1]);
        }
    }

    /// <summary>
    /// Mean over a (2r+1)² square with shrinking window at the edges, O(N) by running sums.
    /// In place allowed: the row pass reads from a copy of each row and writes into
    /// <paramref name="dst"/>; the column pass keeps the row-pass rows still inside the window in a
    /// ring buffer (at most 2r + 2 rows), so no image-sized temporary is needed.
    /// </summary>
    public static void BoxMean(ReadOnlySpan<float> src, Span<float> dst, int width, int height, int r)
    {
        int n = RequirePlanes(src, dst, width, height);
        if (r < 0) throw new ArgumentOutOfRangeException(nameof(r), r, "Radius must be ≥ 0.");
        fixed (float* ps = src, pd = dst)
        {
            var a = new PlaneArgs((nint)ps, (nint)pd, width, height, n, r);
            ParallelRanges.For(height, 4L * width, Vector<double>.Count, a, static (in PlaneArgs a, int y0, int y1) => BoxMeanRows(a, y0, y1));
            ParallelRanges.For(width, 4L * height, 16, a, static (in PlaneArgs a, int x0, int x1) => BoxMeanColumns(a, x0, x1));
        }
    }

    /// <summary>Row pass of <see cref="BoxMean"/> for rows [y0, y1) (each row is read from a copy).
    /// Groups of <c>Vector&lt;double&gt;.Count</c> rows are transposed into one buffer and run their
    /// running sums side by side in one vector: the same additions, subtractions and divisions per
    /// row as <see cref="BoxMeanRow"/>, without its serial dependency chain of one add and one
    /// subtract per pixel.</summary>
    private static void BoxMeanRows(in PlaneArgs a, int y0, int y1)
    {
        var src = a.SrcSpan;
        var dst = a.DstSpan;
        int width = a.Width, r = a.R, lanes = Vector<double>.Count;
        float[] rowCopy = ArrayPool<float>.Shared.Rent(width);
        double[] t = ArrayPool<double>.Shared.Rent(width * lanes);
        double[] m = ArrayPool<double>.Shared.Rent(width * lanes);
        try
        {
            int y = y0;
            if (Vector.IsHardwareAccelerated && lanes > 1)
            {
                ref double tr = ref MemoryMarshal.GetArrayDataReference(t);
                ref double mr = ref MemoryMarshal.GetArrayDataReference(m);
                int first = Math.Min(width - 1, r);
                for (; y + lanes <= y1; y += lanes)
                {
                    for (int j = 0; j < lanes; j++)
                    {
                        var row = src.Slice((y + j) * width, width);
                        for (int x = 0; x < width; x++) t[x * lanes + j] = row[x];
                    }
                    // Running sums of all lanes; the means (double) go to m and are narrowed per row below.
                    var sum = Vector<double>.Zero;
                    for (int i = 0; i <= first; i++) sum += Vector.LoadUnsafe(ref tr, (nuint)(i * lanes));
                    (sum / new Vector<double>(first + 1)).StoreUnsafe(ref mr, 0);
                    for (int x = 1; x < width; x++)
                    {
                        if (x + r < width) sum += Vector.LoadUnsafe(ref tr, (nuint)((x + r) * lanes));
                        if (x - r - 1 >= 0) sum -= Vector.LoadUnsafe(ref tr, (nuint)((x - r - 1) * lanes));
                        (sum / new Vector<double>(Math.Min(width - 1, x + r) - Math.Max(0, x - r) + 1)).StoreUnsafe(ref mr, (nuint)(x * lanes));
                    }
                    for (int j = 0; j < lanes; j++)
                    {
                        var o = dst.Slice((y + j) * width, width);
                        for (int x = 0; x < width; x++) o[x] = (float)m[x * lanes + j];
                    }
                }
            }
            for (; y < y1; y++)
            {
                var row = rowCopy.AsSpan(0, width);
                src.Slice(y * width, width).CopyTo(row);
                BoxMeanRow(row, dst.Slice(y * width, width), r);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rowCopy);
            ArrayPool<double>.Shared.Return(t);
            ArrayPool<double>.Shared.Return(m);
        }
    }

    /// <summary>Column pass of <see cref="BoxMean"/> for columns [x0, x1), in place in dst: running
    /// column sums in double; the row-pass rows still inside the window are kept in a ring.</summary>
    private static void BoxMeanColumns(in PlaneArgs a, int x0, int x1)
    {
        var dst = a.DstSpan;
        int width = a.Width, height = a.Height, r = a.R, cw = x1 - x0;
        int ringRows = Math.Min(2 * r + 2, height);
        float[] ring = ArrayPool<float>.Shared.Rent(ringRows * cw);
        double[] acc = ArrayPool<double>.Shared.Rent(cw);
        try
        {
            var s = acc.AsSpan(0, cw);
            s.Clear();
            int top = 0, bottom = -1;
            for (int y = 0; y < height; y++)
            {
                int wantBottom = Math.Min(height - 1, y + r), wantTop = Math.Max(0, y - r);
                while (bottom < wantBottom)
                {
                    bottom++;
                    var rw = ring.AsSpan(bottom % ringRows * cw, cw);
                    dst.Slice(bottom * width + x0, cw).CopyTo(rw); // bottom ≥ y: not yet overwritten
                    AddWidened(rw, s, 1);
                }
                while (top < wantTop) { AddWidened(ring.AsSpan(top % ringRows * cw, cw), s, -1); top++; }
                double inv = 1.0 / (bottom - top + 1);
                ScaleNarrowed(s, inv, dst.Slice(y * width + x0, cw));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ring);
            ArrayPool<double>.Shared.Return(acc);
        }
    }

    /// <summary>
    /// One row of <see cref="BoxMean"/>: running sum in double over the window [x − r, x + r] ∩ row,
    /// divided by the window's length. The window grows at the left edge, slides in the middle and
    /// shrinks at the right edge; each step adds the entering value before subtracting the leaving
    /// one (the order of the original single loop, so the sums are bit-identical).
    /// </summary>
    private static void BoxMeanRow(ReadOnlySpan<float> row, Span<float> o, int r)
    {
        int w = row.Length;
        double s = 0;
        int first = Math.Min(w - 1, r);
        for (int i = 0; i <= first; i++) s += row[i];
        o[0] = (float)(s / (first + 1));
        for (int x = 1; x < w; x++)
        {
            if (x + r < w) s += row[x + r];
            if (x - r - 1 >= 0) s -= row[x - r - 1];
            o[x] = (float)(s / (Math.Min(w - 1, x + r) - Math.Max(0, x - r) + 1));
        }
    }

    /// <summary>acc[x] += sign · row[x] in double (sign ±1), vectorised: each element gets the same
    /// single rounding as the scalar loop.</summary>
    private static void AddWidened(ReadOnlySpan<float> row, Span<double> acc, int sign)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            ref float rr = ref MemoryMarshal.GetReference(row);
            ref double ar = ref MemoryMarshal.GetReference(acc);
            int step = Vector<float>.Count, half = Vector<double>.Count;
            for (; x <= row.Length - step; x += step)
            {
                Vector.Widen(Vector.LoadUnsafe(ref rr, (nuint)x), out var lo, out var hi);
                var a0 = Vector.LoadUnsafe(ref ar, (nuint)x);
                var a1 = Vector.LoadUnsafe(ref ar, (nuint)(x + half));
                if (sign > 0) { a0 += lo; a1 += hi; }
                else { a0 -= lo; a1 -= hi; }
                a0.StoreUnsafe(ref ar, (nuint)x);
                a1.StoreUnsafe(ref ar, (nuint)(x + half));
            }
        }
        if (sign > 0) for (; x < row.Length; x++) acc[x] += row[x];
        else for (; x < row.Length; x++) acc[x] -= row[x];
    }

    /// <summary>o[x] = (float)(acc[x] · inv), vectorised (round-to-nearest narrowing, as the scalar cast).</summary>
    private static void ScaleNarrowed(ReadOnlySpan<double> acc, double inv, Span<float> o)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated && o.Length >= Vector<float>.Count)
        {
            ref double ar = ref MemoryMarshal.GetReference(acc);
            ref float or = ref MemoryMarshal.GetReference(o);
            int step = Vector<float>.Count, half = Vector<double>.Count;
            var vi = new Vector<double>(inv);
            for (; x <= o.Length - step; x += step)
            {
                var a0 = Vector.LoadUnsafe(ref ar, (nuint)x) * vi;
                var a1 = Vector.LoadUnsafe(ref ar, (nuint)(x + half)) * vi;
                Vector.Narrow(a0, a1).StoreUnsafe(ref or, (nuint)x);
            }
        }
        for (; x < o.Length; x++) o[x] = (float)(acc[x] * inv);
    }
}
