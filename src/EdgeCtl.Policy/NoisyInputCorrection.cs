namespace EdgeCtl.Policy;

/// <summary>
/// Takes the EDX uncertainty of each measured composition into an ordinary GP by local linearisation (McHutchon &amp;
/// Rasmussen 2011, "Gaussian process training with input noise", NIGP), the alternative to the expected kernel of
/// <see cref="UncertainInputKernel"/>. A particle reported at x̂ has true composition x = x̂ − e, e ~ N(0, τ² P) in the
/// simplex plane, so to second order its target is
/// <code>
/// y = f(x̂) − ∇f(x̂)·e + ½ eᵀ∇²f(x̂) e,   E[y] = f(x̂) + ½ τ² Δf(x̂),   Var[y] ≈ τ² ‖∇f(x̂)‖²
/// </code>
/// with ∇ and Δ (the Laplacian) taken within the plane. Each observation therefore gets the extra noise variance
/// τ² ‖∇μ(x̂)‖² (a particle on a steep flank counts less than one where the target is flat; the expected kernel cannot
/// tell them apart) and, with a curvature weight c &gt; 0, the target correction −½ c τ² Δμ(x̂), which undoes the
/// flattening of peaks and filling of valleys that the input noise causes. μ is the GP's own posterior mean, by central
/// differences. The corrections are re-estimated after every hyperparameter refit in two passes; each pass starts
/// from the previous corrections (a fixed-point iteration towards the deblurred target), so two bounds keep it from
/// running away: the weight is lowered where the GP's length scale comes close to the EDX noise (<see cref="Weight"/>),
/// and no correction exceeds 3 s.d. of the measured targets. (Without them c = 0.6 and 0.7 diverged on some seeds of
/// the 3D simulation; with them c = 0.5 and 0.7 give the same time ratios within the seed spread.) Between refits a new
/// observation gets its gradient noise from the current μ and no target correction.
/// Not thread-safe; owned by one <see cref="CampaignPolicy"/>.
/// </summary>
internal sealed class NoisyInputCorrection
{
    private const double GradientStep = 0.01;
    private const double CurvatureStep = 0.02;
    private const int Passes = 2;
    private const double MaxAdjustmentInTargetDeviations = 3;

    private readonly int _d;
    private readonly double _curvature;
    private readonly List<double> _tau2 = [];
    private double[] _extra = new double[64];
    private double[] _adjust = new double[64];

    /// <param name="dimensions">D ≥ 2.</param>
    /// <param name="curvatureWeight">c in [0, 1] (0: no target correction).</param>
    public NoisyInputCorrection(int dimensions, double curvatureWeight)
    {
        _d = dimensions;
        _curvature = curvatureWeight;
    }

    /// <summary>τ² of every observation so far (atomic fraction² per plane direction).</summary>
    public IReadOnlyList<double> PlaneVariances => _tau2;

    /// <summary>The extra noise variance τ² ‖∇μ(x̂)‖² of a new observation from the current GP (standardised target
    /// units²; 0 while the GP holds fewer than two observations). Call <see cref="Record"/> once it is added.</summary>
    public double ExtraNoise(GaussianProcess gp, ReadOnlySpan<double> composition, double planeVariance) =>
        gp.Count >= 2 && planeVariance > 0 ? planeVariance * PlaneGradientSquared(gp, composition) : 0;

    /// <summary>Records the τ² of the observation just added to the GP.</summary>
    public void Record(double planeVariance) => _tau2.Add(planeVariance);

    /// <summary>Restores the τ² of observations already in a GP (resuming from a stored state).</summary>
    public void Restore(ReadOnlySpan<double> planeVariances)
    {
        _tau2.Clear();
        foreach (double v in planeVariances) _tau2.Add(v);
    }

    /// <summary>Re-estimates every observation's extra noise and target correction (after a refit). O(passes · n · D · n).</summary>
    /// <exception cref="InvalidOperationException">The GP holds a different number of observations than recorded.</exception>
    public void Update(GaussianProcess gp)
    {
        int n = gp.Count;
        if (n != _tau2.Count)
            throw new InvalidOperationException($"The GP holds {n} observations but {_tau2.Count} composition variances were recorded.");
        CampaignPolicy.Grow(ref _extra, n);
        CampaignPolicy.Grow(ref _adjust, n);
        double rawMean = 0, rawSq = 0;
        for (int i = 0; i < n; i++) rawMean += gp.Target(i);
        rawMean /= n;
        for (int i = 0; i < n; i++) rawSq += (gp.Target(i) - rawMean) * (gp.Target(i) - rawMean);
        // Of the measured targets, not of the corrected ones the GP standardises by, so the bound cannot grow with them.
        double rawDeviation = Math.Sqrt(rawSq / Math.Max(n - 1, 1));
        // A guard against the iteration running away (c ≥ 0.7 did, 3D): a correction beyond a few standard
        // deviations of the targets is not a second-order effect any more.
        double cap = MaxAdjustmentInTargetDeviations * rawDeviation;
        double l2 = gp.Hyperparameters.LengthScale * gp.Hyperparameters.LengthScale;
        for (int pass = 0; pass < Passes; pass++)
        {
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> c = gp.Composition(i);
                _extra[i] = _tau2[i] * PlaneGradientSquared(gp, c);
                _adjust[i] = _curvature > 0 ? Math.Clamp(-0.5 * Weight(i, l2) * _tau2[i] * PlaneLaplacian(gp, c), -cap, cap) : 0;
            }
            gp.SetExtraNoiseVariances(_extra.AsSpan(0, n));
            if (_curvature > 0) gp.SetTargetAdjustments(_adjust.AsSpan(0, n));
        }
    }

    /// <summary>
    /// The curvature weight of observation i, bounded so that the iteration contracts: a bump of the fit of height h and
    /// the kernel's width ℓ has Δ = −(D − 1) h / ℓ² at its top, so the next pass raises it by ½ c τ² (D − 1) / ℓ² · h;
    /// c is capped where that gain would exceed ½ (a refit that picks a length scale close to the EDX noise).
    /// </summary>
    private double Weight(int i, double lengthScale2) =>
        _tau2[i] > 0 ? Math.Min(_curvature, lengthScale2 / ((_d - 1) * _tau2[i])) : _curvature;

    /// <summary>‖∇μ‖² within the simplex plane, standardised target units per composition unit: central differences along
    /// the unit vectors u_i ∝ e_i − (1/D)·1, whose outer products sum to D/(D − 1) times the plane's projector.</summary>
    internal double PlaneGradientSquared(GaussianProcess gp, ReadOnlySpan<double> c)
    {
        Span<double> p = stackalloc double[_d];
        double sum = 0, norm = Math.Sqrt((_d - 1.0) / _d), scale = gp.TargetScale;
        for (int i = 0; i < _d; i++)
        {
            Step(c, i, GradientStep / norm, p);
            double up = gp.PredictMean(p);
            Step(c, i, -GradientStep / norm, p);
            double down = gp.PredictMean(p);
            double g = (up - down) / (2 * GradientStep * scale);
            sum += g * g;
        }
        return sum * (_d - 1.0) / _d;
    }

    /// <summary>Δμ within the simplex plane (raw target units per composition unit²), by the same directions.</summary>
    internal double PlaneLaplacian(GaussianProcess gp, ReadOnlySpan<double> c)
    {
        Span<double> p = stackalloc double[_d];
        double norm = Math.Sqrt((_d - 1.0) / _d), sum = 0;
        double mid = gp.PredictMean(c);
        for (int i = 0; i < _d; i++)
        {
            Step(c, i, CurvatureStep / norm, p);
            double up = gp.PredictMean(p);
            Step(c, i, -CurvatureStep / norm, p);
            double down = gp.PredictMean(p);
            sum += (up - 2 * mid + down) / (CurvatureStep * CurvatureStep);
        }
        return sum * (_d - 1.0) / _d;
    }

    /// <summary>p = c + h (e_i − (1/D)·1): a step of length h·√((D − 1)/D) within the plane.</summary>
    private void Step(ReadOnlySpan<double> c, int i, double h, Span<double> p)
    {
        for (int k = 0; k < _d; k++) p[k] = c[k] + h * ((k == i ? 1 : 0) - 1.0 / _d);
    }
}
