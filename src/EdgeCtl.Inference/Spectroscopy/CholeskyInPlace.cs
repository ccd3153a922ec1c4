namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// In-place Cholesky factorisation, solve and inverse of small symmetric positive (semi-)definite matrices stored
/// row-major in a span (no allocation; used inside the EDX fit loop). Non-positive pivots — exact collinearity — are
/// replaced by 1e-12 × the original diagonal (a ridge), so collinear directions get a huge, honest variance instead
/// of an exception.
/// </summary>
public static class CholeskyInPlace
{
    /// <summary>Overwrites the lower triangle of <paramref name="a"/> (n×n, row-major) with L, A = L Lᵀ.</summary>
    /// <returns>False when a pivot had to be regularised.</returns>
    public static bool Factor(Span<double> a, int n)
    {
        bool ok = true;
        for (int j = 0; j < n; j++)
        {
            double diag0 = a[j * n + j];
            double d = diag0;
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            double floor = 1e-12 * Math.Abs(diag0) + 1e-300;
            if (!(d > floor)) { d = floor; ok = false; }
            double ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / ljj;
            }
        }
        return ok;
    }

    /// <summary>Solves L Lᵀ x = b in place (<paramref name="b"/> becomes x) with L from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * b[k];
            b[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>
    /// Writes (L Lᵀ)⁻¹ into <paramref name="inverse"/> (n×n row-major, full symmetric) using <paramref name="column"/>
    /// (length ≥ n) as scratch.
    /// </summary>
    public static void Invert(ReadOnlySpan<double> l, int n, Span<double> inverse, Span<double> column)
    {
        for (int c = 0; c < n; c++)
        {
            var col = column[..n];
            col.Clear();
            col[c] = 1.0;
            Solve(l, n, col);
            for (int r = 0; r < n; r++) inverse[r * n + c] = col[r];
        }
    }
}
