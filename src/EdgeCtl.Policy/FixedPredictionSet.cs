using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Cached posterior at a fixed set of q compositions (the uniform switch bank of eqs 11–13). It keeps
/// V = L⁻¹ K(X, set) (n × q, one row per observation) and s_b = Σ_r V[r,b]², so that
/// μ_b = ȳ + s_y Σ_r z_r V[r,b] with z = L⁻¹ y_std, and σ_b² = s_y² (s² − s_b).
/// Appending an observation extends V by one row in O(q n) (L gains one row and earlier rows do not change);
/// a refactorisation (new hyperparameters) triggers a full rebuild in O(q n²/2), blocked over the set for cache
/// locality. Synchronisation is lazy, inside <see cref="Predict"/>. Allocation-free except when the observation
/// capacity doubles (q · capacity doubles are held: 8 MB for q = 2048 at capacity 512). Created by <see cref="GaussianProcess.CreateFixedSet"/>; not thread-safe.
/// </summary>
public sealed class FixedPredictionSet
{
    // Columns per pass of a rebuild: the n × Block slab of V that every new row reads stays in L2 (300 KB at n = 300).
    // Appending a few rows reads each earlier row once anyway, so it runs over the whole width (fewer, longer calls).
    // Results do not depend on the width: every entry sees the same element-wise operations in any block.
    private const int Block = 128;
    private const int FewRows = 4;
    private readonly GaussianProcess _gp;
    private readonly int _q, _d;
    private readonly double[] _pointsT;   // D × q, column-major
    private readonly double[] _sumSq;     // q
    private readonly double[] _scratch;   // q
    private double[] _v;                  // rowCapacity × q
    private int _rows;
    private int _version = -1;

    internal FixedPredictionSet(GaussianProcess gp, ReadOnlySpan<double> compositionsFlat)
    {
        _gp = gp;
        _d = gp.Dimensions;
        if (compositionsFlat.Length == 0 || compositionsFlat.Length % _d != 0)
            throw new ArgumentException($"compositionsFlat must hold q ≥ 1 points of D = {_d}; got {compositionsFlat.Length} values.", nameof(compositionsFlat));
        _q = compositionsFlat.Length / _d;
        _pointsT = new double[_d * _q];
        for (int b = 0; b < _q; b++)
            for (int k = 0; k < _d; k++) _pointsT[k * _q + b] = compositionsFlat[b * _d + k];
        _sumSq = new double[_q];
        _scratch = new double[_q];
        _v = new double[gp.Capacity * _q]; // rows follow the GP's capacity doubling
    }

    /// <summary>q, the number of points.</summary>
    public int Count => _q;

    /// <summary>Whether this set belongs to <paramref name="gp"/>.</summary>
    public bool IsFor(GaussianProcess gp) => ReferenceEquals(gp, _gp);

    /// <summary>Posterior mean (target units) and latent variance at every point of the set, as <see cref="GaussianProcess.PredictMany"/>.</summary>
    /// <param name="mean">Length ≥ q.</param>
    /// <param name="variance">Length ≥ q.</param>
    public void Predict(Span<double> mean, Span<double> variance)
    {
        if (mean.Length < _q) throw new ArgumentException($"mean has length {mean.Length}; need ≥ {_q}.", nameof(mean));
        PredictVariance(variance);
        PredictMeanSynchronized(mean[.._q]);
    }

    /// <summary>
    /// Only the latent variances (as <see cref="Predict"/>): O(q) once the cached solves are current, without the
    /// O(q n) pass over V that the means need. The switch gain under maximum uncertainty uses nothing else.
    /// </summary>
    /// <param name="variance">Length ≥ q.</param>
    public void PredictVariance(Span<double> variance)
    {
        if (variance.Length < _q) throw new ArgumentException($"variance has length {variance.Length}; need ≥ {_q}.", nameof(variance));
        Synchronize();
        Span<double> v = variance[.._q];
        double scale = _gp.TargetScale;
        TensorPrimitives.Subtract(_gp.Hyperparameters.SignalVariance, _sumSq, v);
        TensorPrimitives.Max(v, 0.0, v);
        TensorPrimitives.Multiply(v, scale * scale, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PredictMeanSynchronized(Span<double> m)
    {
        int n = _rows;
        ReadOnlySpan<double> z = _gp.Whitened;
        m.Clear();
        for (int r = 0; r < n; r++)
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(_v, r * _q, _q), z[r], m, m);
        TensorPrimitives.Multiply(m, _gp.TargetScale, m);
        TensorPrimitives.Add(m, _gp.TargetMean, m);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Synchronize()
    {
        int n = _gp.Count;
        if (_version != _gp.FactorVersion)
        {
            _version = _gp.FactorVersion;
            _rows = 0;
            Array.Clear(_sumSq);
        }
        if (_rows == n) return;
        if (_v.Length < n * _q)
        {
            int cap = _v.Length / _q;
            while (cap < n) cap *= 2;
            Array.Resize(ref _v, cap * _q);
        }
        PackedCholesky l = _gp.Factor;
        GpHyperparameters h = _gp.Hyperparameters;
        int block = n - _rows <= FewRows ? _q : Block;
        for (int b0 = 0; b0 < _q; b0 += block)
        {
            int w = Math.Min(block, _q - b0);
            Span<double> t = _scratch.AsSpan(0, w);
            Span<double> ss = _sumSq.AsSpan(b0, w);
            for (int r = _rows; r < n; r++)
            {
                Span<double> row = _v.AsSpan(r * _q + b0, w);
                // row ← k(x_r, points[b0 .. b0+w))
                ReadOnlySpan<double> x = _gp.Composition(r);
                TensorPrimitives.Subtract(new ReadOnlySpan<double>(_pointsT, b0, w), x[0], row);
                TensorPrimitives.Multiply(row, row, row);
                for (int k = 1; k < _d; k++)
                {
                    TensorPrimitives.Subtract(new ReadOnlySpan<double>(_pointsT, k * _q + b0, w), x[k], t);
                    TensorPrimitives.MultiplyAdd(t, t, row, row);
                }
                // The set's points are exact compositions; observation r may carry an input variance τ_r².
                UncertainInputKernel.Broaden(h.LengthScale, h.SignalVariance, _gp.InputVariance(r), _d, out double le, out double amp);
                CovarianceFunction.EvaluateMany(_gp.Kernel, row, le, amp, t);
                // Forward substitution, one new row: V[r] = (k − Σ_{j<r} L[r,j] V[j]) / L[r,r]
                ReadOnlySpan<double> lr = l.Row(r);
                for (int j = 0; j < r; j++)
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(_v, j * _q + b0, w), -lr[j], row, row);
                TensorPrimitives.Divide(row, lr[r], row);
                TensorPrimitives.MultiplyAdd(row, row, ss, ss);
            }
        }
        _rows = n;
    }
}
