using System.Numerics.Tensors;

namespace EdgeCtl.Policy.Simulation;

/// <summary>
/// One-step look-ahead selection for <see cref="SimulationPolicy.Ours"/>: among the FoV's candidates, the one whose
/// measurement would most reduce the GP's posterior variance integrated over the simplex (Cohn 1996, "ALC"):
/// <code>
/// IVR(c) = Σ_b cov(z_b, c)² / (σ²(c) + σ_n² + σ_in²(c)),   cov(z, c) = k(z, c) − v_zᵀ v_c,   v = L⁻¹ k(X, ·)
/// </code>
/// σ_in²(c) is the target noise a particle's composition uncertainty causes, σ_tot² ‖∇μ‖² (eq 3's σ_tot; the
/// first-order noisy-input correction of McHutchon &amp; Rasmussen 2011), with ∇μ by central differences of the
/// posterior mean within the simplex plane, averaged over the first reference points (by default) or taken at the
/// candidate. A precise particle is therefore worth more than an equally placed imprecise one, which the paper's
/// acquisition (σ alone) cannot see. (The local gradient steers away from the target's peaks and raised the error.)
/// over R reference compositions z_b drawn uniformly on the simplex (the policy's own prior; never the evaluation
/// set). With maximum uncertainty as acquisition the GP variance does not depend on the targets, so this look-ahead
/// is exact. Within a FoV every particle is reached by beam shift at the same cost, so eq 4 reduces to this ranking.
/// O(R n² / 2 + m n² / 2 + m R n) per decision for m candidates and n observations.
/// </summary>
public sealed class IntegratedVarianceReduction
{
    private readonly int _d;
    private readonly int _r;
    private readonly double[] _ref;   // R × D
    private double[] _vz = new double[256 * 64]; // R × n
    private double[] _vc = new double[64];       // n
    private double[] _values = new double[64];
    private readonly bool _localGradient;
    private const int GradientPoints = 32;

    /// <summary>Draws R reference compositions.</summary>
    /// <param name="dimensions">D.</param>
    /// <param name="referencePoints">R.</param>
    /// <param name="random">Seeded source.</param>
    /// <param name="localGradient">σ_in² from ‖∇μ‖² at the candidate itself (true) or averaged over the simplex (false, default).</param>
    public IntegratedVarianceReduction(int dimensions, int referencePoints, PolicyRandom random, bool localGradient = false)
    {
        _localGradient = localGradient;
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(referencePoints, 1);
        ArgumentNullException.ThrowIfNull(random);
        _d = dimensions;
        _r = referencePoints;
        _ref = new double[referencePoints * dimensions];
        for (int b = 0; b < referencePoints; b++) random.NextSimplexPoint(_ref.AsSpan(b * dimensions, dimensions));
    }

    /// <summary>Index of the candidate with the largest <see cref="Evaluate"/> value; −1 if none.</summary>
    /// <param name="gp">The surrogate.</param>
    /// <param name="candidatesFlat">m × D EDX compositions.</param>
    /// <param name="sigmaTotal">m values of σ_tot, or empty.</param>
    public int SelectBest(GaussianProcess gp, ReadOnlySpan<double> candidatesFlat, ReadOnlySpan<double> sigmaTotal)
    {
        int m = candidatesFlat.Length / _d;
        if (m == 0) return -1;
        if (_values.Length < m) _values = new double[2 * m];
        Evaluate(gp, candidatesFlat, sigmaTotal, _values);
        int best = 0;
        for (int j = 1; j < m; j++) if (_values[j] > _values[best]) best = j;
        return best;
    }

    /// <summary>Integrated variance reduction of each candidate (m × D flat) into <paramref name="values"/> (length ≥ m).</summary>
    /// <param name="gp">The surrogate (standardised targets).</param>
    /// <param name="candidatesFlat">m × D EDX compositions.</param>
    /// <param name="sigmaTotal">m values of σ_tot (eq 3), or empty to ignore composition noise.</param>
    /// <param name="values">Receives the m values (standardised target units² summed over the reference set).</param>
    public void Evaluate(GaussianProcess gp, ReadOnlySpan<double> candidatesFlat, ReadOnlySpan<double> sigmaTotal, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(gp);
        int m = candidatesFlat.Length / _d;
        if (m == 0) return;
        int n = gp.Count;
        GpHyperparameters h = gp.Hyperparameters;
        if (_vz.Length < _r * n) _vz = new double[2 * _r * n];
        if (_vc.Length < n) _vc = new double[2 * n];
        PackedCholesky l = gp.Factor;
        for (int b = 0; b < _r; b++)
        {
            Span<double> v = _vz.AsSpan(b * n, n);
            gp.CrossCovariance(_ref.AsSpan(b * _d, _d), 0, v);
            l.SolveLowerInPlace(v);
        }
        // A GP with input variances already prices a candidate's composition noise into its covariances; otherwise the
        // first-order correction below stands in for it.
        bool modelled = gp.HasInputVariance;
        double meanGradient2 = 0;
        if (!modelled && !sigmaTotal.IsEmpty && !_localGradient)
        {
            int g = Math.Min(GradientPoints, _r);
            for (int b = 0; b < g; b++) meanGradient2 += GradientSquared(gp, _ref.AsSpan(b * _d, _d));
            meanGradient2 /= g;
        }
        for (int j = 0; j < m; j++)
        {
            ReadOnlySpan<double> c = candidatesFlat.Slice(j * _d, _d);
            Span<double> vc = _vc.AsSpan(0, n);
            double tau2 = modelled && !sigmaTotal.IsEmpty ? UncertainInputKernel.PlaneVarianceFromSigmaTotal(sigmaTotal[j], _d) : 0;
            gp.CrossCovariance(c, tau2, vc);
            l.SolveLowerInPlace(vc);
            double var = Math.Max(h.SignalVariance - TensorPrimitives.Dot(vc, vc), 0);
            UncertainInputKernel.Broaden(h.LengthScale, h.SignalVariance, tau2, _d, out double le, out double amp);
            double sum = 0;
            for (int b = 0; b < _r; b++)
            {
                double k = CovarianceFunction.Evaluate(gp.Kernel, CovarianceFunction.SquaredDistance(_ref.AsSpan(b * _d, _d), c), le, amp);
                double cov = k - TensorPrimitives.Dot(new ReadOnlySpan<double>(_vz, b * n, n), vc);
                sum += cov * cov;
            }
            double inputNoise = modelled || sigmaTotal.IsEmpty ? 0 : sigmaTotal[j] * sigmaTotal[j] * (_localGradient ? GradientSquared(gp, c) : meanGradient2);
            values[j] = sum / (var + h.NoiseVariance + inputNoise);
        }
    }

    /// <summary>‖∇μ‖² in standardised target units: central differences along e_i − (1/D)·1, summed over i and scaled
    /// by (D − 1)/D to the plane's D − 1 dimensions.</summary>
    private double GradientSquared(GaussianProcess gp, ReadOnlySpan<double> c)
    {
        const double step = 0.01;
        Span<double> p = stackalloc double[_d];
        double sum = 0, scale = gp.TargetScale;
        for (int i = 0; i < _d; i++)
        {
            double norm = Math.Sqrt((_d - 1.0) / _d);
            for (int k = 0; k < _d; k++) p[k] = c[k] + step * ((k == i ? 1 : 0) - 1.0 / _d) / norm;
            gp.Predict(p, out double up, out _);
            for (int k = 0; k < _d; k++) p[k] = c[k] - step * ((k == i ? 1 : 0) - 1.0 / _d) / norm;
            gp.Predict(p, out double down, out _);
            double g = (up - down) / (2 * step * scale);
            sum += g * g;
        }
        return sum * (_d - 1.0) / _d;
    }
}
