namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Sub-pixel centre of a small blob: the iterated Gaussian-windowed, intensity-weighted centroid
/// (as SExtractor's XWIN_IMAGE). Starting from a guess, each step takes the centroid of
/// max(0, signal − background) · exp(−d² / 2σ_w²) over a window of ±3σ_w about the current
/// estimate, counting only pixels of the blob's own segment or unassigned pixels (not those of
/// neighbouring segments). For a symmetric profile the centre is the fixed point, and the error
/// shrinks by σ_p² / (σ_p² + σ_w²) per step (≈ ½ with σ_w ≈ the blob's σ_p). Unlike the mean of a
/// thresholded segment's pixel positions, which locks onto pixel centres when the segment is one
/// to four pixels, it uses the shape of the blurred blob and is accurate to a small fraction of a
/// pixel at the noise of a short HAADF dwell.
/// </summary>
internal static class WindowedCentroid
{
    /// <summary>Largest number of steps.</summary>
    public const int MaxIterations = 12;

    /// <summary>Stop when a step moves less than this, px.</summary>
    public const double Tolerance = 0.005;

    /// <summary>Refines (<paramref name="x"/>, <paramref name="y"/>) (continuous px, pixel centres at i + 0.5) in place.
    /// Leaves them unchanged and returns false when the window holds no signal or the estimate runs
    /// more than 2σ_w + 1 px from the start (a neighbour or texture, not this blob).</summary>
    /// <param name="signal">Plane with the blob (bright).</param>
    /// <param name="background">Background plane subtracted from <paramref name="signal"/>.</param>
    /// <param name="labels">Segment labels (0 = unassigned).</param>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="label">This blob's label.</param>
    /// <param name="sigma">Window σ_w, px.</param>
    /// <param name="x">Column, px (in: start; out: centre).</param>
    /// <param name="y">Row, px (in: start; out: centre).</param>
    public static bool Refine(ReadOnlySpan<float> signal, ReadOnlySpan<float> background, ReadOnlySpan<int> labels, int width, int height,
        int label, double sigma, ref double x, ref double y)
    {
        double x0 = x, y0 = y, cx = x, cy = y;
        int reach = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        double inv = 1.0 / (2 * sigma * sigma), maxShift = 2 * sigma + 1;
        for (int it = 0; it < MaxIterations; it++)
        {
            int px = (int)Math.Floor(cx), py = (int)Math.Floor(cy);
            double sw = 0, swx = 0, swy = 0;
            for (int yy = Math.Max(0, py - reach); yy <= Math.Min(height - 1, py + reach); yy++)
            {
                int row = yy * width;
                double dy = yy + 0.5 - cy;
                for (int xx = Math.Max(0, px - reach); xx <= Math.Min(width - 1, px + reach); xx++)
                {
                    int l = labels[row + xx];
                    if (l != 0 && l != label) continue;
                    double s = signal[row + xx] - background[row + xx];
                    if (s <= 0) continue;
                    double dx = xx + 0.5 - cx;
                    double g = s * Math.Exp(-(dx * dx + dy * dy) * inv);
                    sw += g;
                    swx += g * dx;
                    swy += g * dy;
                }
            }
            if (!(sw > 0)) return false;
            double sx = swx / sw, sy = swy / sw;
            cx += sx;
            cy += sy;
            if (Math.Abs(cx - x0) > maxShift || Math.Abs(cy - y0) > maxShift) return false;
            if (Math.Abs(sx) < Tolerance && Math.Abs(sy) < Tolerance) break;
        }
        x = Math.Clamp(cx, 0, width);
        y = Math.Clamp(cy, 0, height);
        return true;
    }
}
