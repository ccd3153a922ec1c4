namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// Separable Gaussian blur, in place, with a kernel truncated at 3σ (at least 1 px). Models the
/// probe/scan point-spread function in <see cref="ProjectedMassMap"/>. Allocation-free: the
/// caller provides a scratch line of length ≥ max(width, height).
/// </summary>
public static class GaussianBlur
{
    /// <summary>Largest supported kernel half-width, px.</summary>
    public const int MaxRadius = 16;

    /// <summary>Blurs <paramref name="image"/> (width × height, row-major) with σ = <paramref name="sigmaPx"/>.</summary>
    public static void InPlace(Span<float> image, int width, int height, double sigmaPx, Span<float> scratch)
    {
        if (!(sigmaPx > 0)) return;
        int radius = Math.Clamp((int)Math.Ceiling(3 * sigmaPx), 1, MaxRadius);
        Span<float> kernel = stackalloc float[2 * MaxRadius + 1];
        kernel = kernel[..(2 * radius + 1)];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) sum += Math.Exp(-0.5 * k * k / (sigmaPx * sigmaPx));
        for (int k = -radius; k <= radius; k++) kernel[k + radius] = (float)(Math.Exp(-0.5 * k * k / (sigmaPx * sigmaPx)) / sum);

        var line = scratch[..Math.Max(width, height)];
        for (int row = 0; row < height; row++)
        {
            var r = image.Slice(row * width, width);
            r.CopyTo(line);
            Convolve(line[..width], r, kernel, radius);
        }
        for (int col = 0; col < width; col++)
        {
            for (int row = 0; row < height; row++) line[row] = image[row * width + col];
            for (int row = 0; row < height; row++)
            {
                float acc = 0;
                int k0 = Math.Max(-radius, -row), k1 = Math.Min(radius, height - 1 - row);
                for (int k = k0; k <= k1; k++) acc += kernel[k + radius] * line[row + k];
                image[row * width + col] = acc;
            }
        }
    }

    private static void Convolve(ReadOnlySpan<float> source, Span<float> target, ReadOnlySpan<float> kernel, int radius)
    {
        int n = source.Length;
        for (int i = 0; i < n; i++)
        {
            float acc = 0;
            int k0 = Math.Max(-radius, -i), k1 = Math.Min(radius, n - 1 - i);
            for (int k = k0; k <= k1; k++) acc += kernel[k + radius] * source[i + k];
            target[i] = acc;
        }
    }
}
