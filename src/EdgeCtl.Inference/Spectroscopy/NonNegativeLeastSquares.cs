namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Lawson–Hanson active-set non-negative least squares on the normal equations G x = b (G = AᵀWA, b = AᵀWy),
/// with a mask of unconstrained variables that are always in the passive set (C. L. Lawson &amp; R. J. Hanson,
/// <i>Solving Least Squares Problems</i>, 1974, ch. 23). Works in place on caller-provided buffers and allocates
/// nothing; sub-problems are solved by an in-place Cholesky factorisation (<see cref="CholeskyInPlace"/>).
/// </summary>
public sealed class NonNegativeLeastSquares
{
    private readonly int _n;
    private readonly bool[] _passive;
    private readonly int[] _idx;
    private readonly double[] _sub;   // q×q row-major
    private readonly double[] _rhs;
    private readonly double[] _z;
    private readonly double[] _w;

    /// <summary>Creates a solver for problems of dimension <paramref name="n"/>.</summary>
    public NonNegativeLeastSquares(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _n = n;
        _passive = new bool[n];
        _idx = new int[n];
        _sub = new double[n * n];
        _rhs = new double[n];
        _z = new double[n];
        _w = new double[n];
    }

    /// <summary>Dimension.</summary>
    public int Size => _n;

    /// <summary>
    /// Solves min ½xᵀGx − bᵀx subject to x_j ≥ 0 for constrained j.
    /// </summary>
    /// <param name="g">Symmetric positive semi-definite G, n×n row-major.</param>
    /// <param name="b">Right-hand side, length n.</param>
    /// <param name="constrained">True where x_j ≥ 0 is enforced, length n.</param>
    /// <param name="x">In: a feasible warm start (x_j ≥ 0 where constrained; zeros are fine). Out: the solution.</param>
    /// <returns>Number of outer iterations used.</returns>
    public int Solve(ReadOnlySpan<double> g, ReadOnlySpan<double> b, ReadOnlySpan<bool> constrained, Span<double> x)
    {
        int n = _n;
        if (g.Length < n * n || b.Length < n || constrained.Length < n || x.Length < n)
            throw new ArgumentException("NNLS buffers shorter than the problem dimension.");
        double bScale = 0;
        for (int j = 0; j < n; j++)
        {
            bScale = Math.Max(bScale, Math.Abs(b[j]));
            if (constrained[j] && !(x[j] >= 0)) x[j] = 0;
            _passive[j] = !constrained[j] || x[j] > 0;
        }
        double tol = 1e-11 * (bScale + 1e-300);

        int outer = 0;
        // Bring the warm start to the optimum of its passive set, then run Lawson–Hanson.
        InnerLoop(g, b, constrained, x);
        for (; outer < 3 * n + 10; outer++)
        {
            // gradient w = b − G x
            int best = -1;
            double bestW = tol;
            for (int j = 0; j < n; j++)
            {
                if (_passive[j]) continue;
                double s = b[j];
                int row = j * n;
                for (int k = 0; k < n; k++) s -= g[row + k] * x[k];
                _w[j] = s;
                if (s > bestW) { bestW = s; best = j; }
            }
            if (best < 0) break;
            _passive[best] = true;
            if (!InnerLoop(g, b, constrained, x))
            {
                // The entering variable could not become positive (degenerate): drop it and stop.
                _passive[best] = false;
                x[best] = 0;
                break;
            }
        }
        return outer;
    }

    /// <summary>Solves on the passive set and steps back into the feasible region until the solution is feasible.</summary>
    private bool InnerLoop(ReadOnlySpan<double> g, ReadOnlySpan<double> b, ReadOnlySpan<bool> constrained, Span<double> x)
    {
        int n = _n;
        for (int guard = 0; guard < n + 2; guard++)
        {
            SolvePassive(g, b);
            double alpha = 1.0;
            bool feasible = true;
            for (int j = 0; j < n; j++)
            {
                if (!_passive[j] || !constrained[j] || _z[j] > 0) continue;
                feasible = false;
                double d = x[j] - _z[j];
                double a = d > 0 ? x[j] / d : 0.0;
                if (a < alpha) alpha = a;
            }
            if (feasible)
            {
                for (int j = 0; j < n; j++) x[j] = _passive[j] ? _z[j] : 0.0;
                return true;
            }
            bool anyRemoved = false;
            for (int j = 0; j < n; j++)
            {
                if (!_passive[j]) { x[j] = 0; continue; }
                double before = x[j];
                x[j] += alpha * (_z[j] - x[j]);
                if (constrained[j] && x[j] <= 1e-12 * Math.Max(Math.Abs(before), Math.Abs(_z[j])))
                {
                    x[j] = 0;
                    _passive[j] = false;
                    anyRemoved = true;
                }
            }
            if (!anyRemoved)
            {
                // numerical corner: remove the most negative z among constrained passive variables
                int worst = -1;
                double zmin = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                    if (_passive[j] && constrained[j] && _z[j] < zmin) { zmin = _z[j]; worst = j; }
                if (worst < 0) return false;
                _passive[worst] = false;
                x[worst] = 0;
            }
        }
        return false;
    }

    /// <summary>z_P = G_PP⁻¹ b_P, z = 0 elsewhere (Cholesky with a 1e-12 relative ridge against exact collinearity).</summary>
    private void SolvePassive(ReadOnlySpan<double> g, ReadOnlySpan<double> b)
    {
        int n = _n, q = 0;
        for (int j = 0; j < n; j++)
        {
            _z[j] = 0;
            if (_passive[j]) _idx[q++] = j;
        }
        if (q == 0) return;
        for (int r = 0; r < q; r++)
        {
            int gr = _idx[r] * n;
            for (int c = 0; c < q; c++) _sub[r * q + c] = g[gr + _idx[c]];
            _sub[r * q + r] *= 1.0 + 1e-12;
            _rhs[r] = b[_idx[r]];
        }
        var sub = _sub.AsSpan(0, q * q);
        CholeskyInPlace.Factor(sub, q);
        CholeskyInPlace.Solve(sub, q, _rhs.AsSpan(0, q));
        for (int r = 0; r < q; r++) _z[_idx[r]] = _rhs[r];
    }
}
