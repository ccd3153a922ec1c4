using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// The pre-drawn bank of B prior compositions behind the Monte-Carlo switch gain (eqs 11–15). Once per decision
/// <see cref="Evaluate"/> predicts the GP over the bank (uniform prior: a <see cref="FixedPredictionSet"/>, O(B n)
/// per decision; empirical prior: <see cref="GaussianProcess.PredictMany"/>, O(B n²/2)), applies the
/// acquisition and the novelty bonus, and sorts the B values of ã; <see cref="ExpectedGain"/> then gives
/// E[max] for a Poisson count in closed form (<see cref="PoissonMaxExpectation"/>). All buffers are allocated
/// up front (the measured-set copy and the cached solves grow by doubling; the cache is created on first use), so steady-state evaluation allocates nothing.
/// <para>
/// Uniform prior: the bank is fixed, so each entry's squared distance to the nearest measured composition is
/// cached and only new measurements are scanned (the cache is rebuilt if the measured list is not an extension
/// of the previous one). Empirical prior: the bank entries are redrawn from the measured set each decision using
/// pre-drawn uniforms, and distances are recomputed (O(B m D)).
/// </para>
/// </summary>
public sealed class SwitchGainBank
{
    private readonly int _d;
    private readonly double[] _uniform;     // B×D Dirichlet(1) draws
    private readonly double[] _pick;        // B uniforms in [0,1) for the empirical bootstrap
    private readonly double[] _points;      // B×D compositions evaluated this decision
    private readonly double[] _mean, _variance, _values;
    private readonly double[] _minDist2;    // B, cached nearest-measured squared distance (uniform prior)
    private double[] _measuredCopy = new double[64];
    private int _cachedRows;
    private bool _cacheValid;
    private FixedPredictionSet? _fixed;   // cached posterior over the uniform bank
    private readonly double[] _bestOfMemo = new double[MemoSize]; // E[max of K draws] for K < MemoSize, this decision
    private const int MemoSize = 256;

    /// <summary>Draws the bank: <paramref name="size"/> uniform simplex points in D dimensions.</summary>
    /// <param name="dimensions">D ≥ 2.</param>
    /// <param name="size">B ≥ 1.</param>
    /// <param name="random">Seeded source (consumed B·(D + 1) times).</param>
    public SwitchGainBank(int dimensions, int size, PolicyRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentNullException.ThrowIfNull(random);
        _d = dimensions;
        Size = size;
        _uniform = new double[size * dimensions];
        _pick = new double[size];
        for (int j = 0; j < size; j++)
        {
            random.NextSimplexPoint(_uniform.AsSpan(j * dimensions, dimensions));
            _pick[j] = random.NextDouble();
        }
        _points = new double[size * dimensions];
        _mean = new double[size];
        _variance = new double[size];
        _values = new double[size];
        _minDist2 = new double[size];
        _bestOfMemo.AsSpan().Fill(double.NaN);
    }

    /// <summary>B.</summary>
    public int Size { get; }

    /// <summary>The bank's uniform prior compositions, B×D row-major.</summary>
    public ReadOnlySpan<double> UniformCompositions => _uniform;

    /// <summary>ã over the bank from the last <see cref="Evaluate"/>, ascending (length B).</summary>
    public ReadOnlySpan<double> SortedValues => _values;

    /// <summary>
    /// Computes ã(c) = a(c)(1 + λ n(c)) (eqs 14–15) for every bank composition under <paramref name="gp"/> and
    /// sorts the values ascending.
    /// </summary>
    /// <param name="gp">The surrogate.</param>
    /// <param name="options">Acquisition, β, ξ, λ_nov, d_0, prior and smoothing.</param>
    /// <param name="measuredFlat">C_meas, m×D row-major.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(GaussianProcess gp, PolicyOptions options, ReadOnlySpan<double> measuredFlat)
    {
        int m = measuredFlat.Length / _d;
        bool empirical = options.Prior == PriorKind.Empirical && m > 0;
        ReadOnlySpan<double> points;
        if (empirical)
        {
            double h = options.EmpiricalSmoothing;
            for (int j = 0; j < Size; j++)
            {
                int src = Math.Min((int)(_pick[j] * m), m - 1);
                ReadOnlySpan<double> c = measuredFlat.Slice(src * _d, _d);
                ReadOnlySpan<double> u = _uniform.AsSpan(j * _d, _d);
                Span<double> dst = _points.AsSpan(j * _d, _d);
                for (int k = 0; k < _d; k++) dst[k] = (1 - h) * c[k] + h * u[k];
            }
            points = _points;
            ComputeNearestFromScratch(points, measuredFlat, m);
            _cacheValid = false;
        }
        else
        {
            points = _uniform;
            UpdateNearestCache(measuredFlat, m);
        }

        if (empirical)
        {
            gp.PredictMany(points, _mean, _variance);
        }
        else
        {
            if (_fixed is null || !_fixed.IsFor(gp)) _fixed = gp.CreateFixedSet(_uniform);
            // Maximum uncertainty scores σ alone: skip the O(B n) means.
            if (options.Acquisition == AcquisitionKind.MaxUncertainty) _fixed.PredictVariance(_variance);
            else _fixed.Predict(_mean, _variance);
        }
        AcquisitionFunction.Evaluate(options.Acquisition, _mean, _variance, gp.BestTarget, options.UcbBeta, options.EiXi, _values);
        double invD0 = 1.0 / options.NoveltyLengthScale;
        double lambda = options.NoveltyWeight;
        for (int j = 0; j < Size; j++)
        {
            // Eq 14 (n = 1 − exp(−d/d_0); d = ∞ when nothing is measured → n = 1) and eq 15.
            double dist2 = _minDist2[j];
            double novelty = double.IsPositiveInfinity(dist2) ? 1.0 : 1.0 - Math.Exp(-Math.Sqrt(dist2) * invD0);
            _values[j] = Novelty.Augment(_values[j], novelty, lambda);
        }
        _values.AsSpan().Sort();
        _bestOfMemo.AsSpan().Fill(double.NaN);
    }

    /// <summary>E_gain = E[max ã over N ~ Poisson(ρA) draws] (eqs 11–13) from the last evaluation.</summary>
    /// <param name="expectedCount">ρA ≥ 0.</param>
    public double ExpectedGain(double expectedCount) => PoissonMaxExpectation.ExpectedMaxPoisson(_values, expectedCount);

    /// <summary>Expected best ã of exactly <paramref name="count"/> prior draws (a visited region's unknown leftovers).</summary>
    /// <remarks>Memoised per count within one evaluation: many visited regions share small counts.</remarks>
    public double ExpectedBestOf(int count)
    {
        if ((uint)count >= MemoSize) return PoissonMaxExpectation.ExpectedMaxFixedCount(_values, count);
        double v = _bestOfMemo[count];
        if (double.IsNaN(v)) _bestOfMemo[count] = v = PoissonMaxExpectation.ExpectedMaxFixedCount(_values, count);
        return v;
    }

    private void ComputeNearestFromScratch(ReadOnlySpan<double> points, ReadOnlySpan<double> measuredFlat, int m)
    {
        _minDist2.AsSpan().Fill(double.PositiveInfinity);
        ScanRows(points, measuredFlat, 0, m);
    }

    private void UpdateNearestCache(ReadOnlySpan<double> measuredFlat, int m)
    {
        int prefix = _cachedRows * _d;
        bool extends = _cacheValid && m >= _cachedRows &&
                       measuredFlat[..prefix].SequenceEqual(_measuredCopy.AsSpan(0, prefix));
        int from = _cachedRows;
        if (!extends)
        {
            _minDist2.AsSpan().Fill(double.PositiveInfinity);
            from = 0;
        }
        ScanRows(_uniform, measuredFlat, from, m);
        if (_measuredCopy.Length < m * _d)
        {
            int cap = _measuredCopy.Length;
            while (cap < m * _d) cap *= 2;
            _measuredCopy = new double[cap];
            from = 0; // fresh copy
        }
        measuredFlat.Slice(from * _d, (m - from) * _d).CopyTo(_measuredCopy.AsSpan(from * _d));
        _cachedRows = m;
        _cacheValid = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanRows(ReadOnlySpan<double> points, ReadOnlySpan<double> measuredFlat, int fromRow, int toRow)
    {
        if (fromRow >= toRow) return;
        for (int j = 0; j < Size; j++)
        {
            ReadOnlySpan<double> p = points.Slice(j * _d, _d);
            double best = _minDist2[j];
            for (int r = fromRow; r < toRow; r++)
            {
                double s = CovarianceFunction.SquaredDistance(p, measuredFlat.Slice(r * _d, _d));
                if (s < best) best = s;
            }
            _minDist2[j] = best;
        }
    }
}
