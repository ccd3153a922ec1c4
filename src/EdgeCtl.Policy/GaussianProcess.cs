using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Exact Gaussian-process regression over compositions c ∈ R^D (the BO surrogate of the paper's section III),
/// with an isotropic Matérn 5/2 or RBF kernel, signal and noise variance, and optional target standardisation
/// (constant mean = sample mean, scale = sample s.d.; otherwise a zero-mean GP on raw targets).
/// <para>
/// The posterior uses a Cholesky factor K + σ_n² I = L Lᵀ kept in <see cref="PackedCholesky"/>:
/// <see cref="AddObservation(ReadOnlySpan{double}, double, double)"/> appends one row in O(n²) while the hyperparameters are unchanged (no
/// refactorisation); <see cref="Refit"/> maximises the log marginal likelihood and refactorises.
/// <see cref="Predict"/> and <see cref="PredictMany"/> allocate nothing: all scratch is pre-allocated and grows
/// by doubling. Predictive variances are of the latent function f (no observation noise), in target units².
/// </para>
/// Not thread-safe: one instance per campaign.
/// </summary>
public sealed class GaussianProcess
{
    private const double Log2Pi = 1.8378770664093454836;

    private readonly int _d;
    private double[] _x;        // capacity × D, row-major
    private double[] _xT;       // D × capacity, column-major copy for vectorised distances
    private double[] _z;        // capacity, L⁻¹ y_std
    private double[] _kScratch; // capacity
    private double[] _y;        // capacity, raw targets
    private double[] _alpha;    // capacity, (K + σ²I)⁻¹ y_std
    private double[] _ys;       // capacity, standardised targets
    private double[] _tau2;     // capacity, input variance τ² per simplex-plane direction (UncertainInputKernel)
    private bool _hasInputVariance;
    private double[] _adjust;     // capacity, correction added to each raw target before fitting (0 unless set)
    private double[] _fitY;       // capacity, scratch: raw target + correction
    private double[] _extraNoise; // capacity, per-observation noise variance added to σ_n² (standardised units²)
    private double[] _k0, _k1, _k2, _k3, _k4, _k5, _k6, _k7; // capacity, predict scratch
    private double[] _dist;     // packed like the factor: row i holds the i distance terms to observations 0..i−1
    private readonly PackedCholesky _chol;
    private readonly PackedCholesky _trial; // Refit scratch
    private double _yMean;
    private double _yScale = 1;
    private double _lml;
    private GpHyperparameters _hp;
    private HyperparameterBounds _bounds = HyperparameterBounds.Default;

    /// <summary>Creates an empty GP.</summary>
    /// <param name="dimensions">D ≥ 1, the length of one composition.</param>
    /// <param name="kernel">Kernel family.</param>
    /// <param name="hyperparameters">Initial ℓ, s², σ_n² (all &gt; 0).</param>
    /// <param name="standardizeTargets">Standardise targets (recommended; hyperparameters then act on standardised units).</param>
    /// <param name="initialCapacity">Observations to reserve room for; storage doubles beyond it.</param>
    /// <exception cref="ArgumentOutOfRangeException">D &lt; 1 or a hyperparameter ≤ 0.</exception>
    public GaussianProcess(int dimensions, KernelKind kernel, GpHyperparameters hyperparameters,
        bool standardizeTargets = true, int initialCapacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        hyperparameters.Validate(nameof(hyperparameters));
        _d = dimensions;
        Kernel = kernel;
        _hp = hyperparameters;
        StandardizeTargets = standardizeTargets;
        int cap = Math.Max(4, initialCapacity);
        _x = new double[cap * _d];
        _xT = new double[cap * _d];
        _z = new double[cap];
        _kScratch = new double[cap];
        _y = new double[cap];
        _alpha = new double[cap];
        _ys = new double[cap];
        _tau2 = new double[cap];
        _extraNoise = new double[cap];
        _adjust = new double[cap];
        _fitY = new double[cap];
        _k0 = new double[cap];
        _k1 = new double[cap];
        _k2 = new double[cap];
        _k3 = new double[cap];
        _k4 = new double[cap];
        _k5 = new double[cap];
        _k6 = new double[cap];
        _k7 = new double[cap];
        _dist = new double[PackedRows(cap)];
        _chol = new PackedCholesky(cap);
        _trial = new PackedCholesky(cap);
    }

    /// <summary>D, the length of one composition.</summary>
    public int Dimensions => _d;

    /// <summary>Number of observations n.</summary>
    public int Count { get; private set; }

    /// <summary>Observations that fit before the storage doubles again.</summary>
    public int Capacity => _y.Length;

    /// <summary>Kernel family.</summary>
    public KernelKind Kernel { get; }

    /// <summary>Whether targets are standardised before fitting.</summary>
    public bool StandardizeTargets { get; }

    /// <summary>Current hyperparameters.</summary>
    public GpHyperparameters Hyperparameters => _hp;

    /// <summary>Box used by <see cref="Refit"/>.</summary>
    public HyperparameterBounds Bounds
    {
        get => _bounds;
        set { ArgumentNullException.ThrowIfNull(value); value.Validate(); _bounds = value; }
    }

    /// <summary>Largest observed raw target (−∞ when empty): the incumbent f* of expected improvement.</summary>
    public double BestTarget { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// log p(y | X, θ) = −½ yᵀ(K + σ_n²I)⁻¹y − ½ log|K + σ_n²I| − (n/2) log 2π (Rasmussen &amp; Williams eq 2.30),
    /// of the standardised targets when <see cref="StandardizeTargets"/> is set. 0 when empty.
    /// </summary>
    public double LogMarginalLikelihood => _lml;

    /// <summary>Observation i's composition (length D).</summary>
    public ReadOnlySpan<double> Composition(int i) => new(_x, i * _d, _d);

    /// <summary>Observation i's raw target.</summary>
    public double Target(int i) => _y[i];

    /// <summary>Observation i's input variance τ² (0 for an exact composition).</summary>
    public double InputVariance(int i) => _tau2[i];

    /// <summary>Whether any observation has an input variance τ² &gt; 0.</summary>
    public bool HasInputVariance => _hasInputVariance;

    /// <summary>
    /// k(x, x_j) for every observation j (length ≥ n; the first n are written), for a point with input variance
    /// <paramref name="inputVariance"/> (0: the latent f at an exact composition). Allocation-free.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong length of <paramref name="composition"/>, or <paramref name="destination"/> shorter than n.</exception>
    public void CrossCovariance(ReadOnlySpan<double> composition, double inputVariance, Span<double> destination)
    {
        CheckPoint(composition, nameof(composition));
        if (destination.Length < Count) throw new ArgumentException($"destination has length {destination.Length}; need ≥ {Count}.", nameof(destination));
        KernelRow(composition, inputVariance, Count, _hp, destination);
    }

    /// <summary>
    /// Adds one observation. With unchanged hyperparameters the factor gains one row in O(n²) and the weights
    /// α are re-solved in O(n²) (the standardisation changes with every target); storage doubles when full.
    /// </summary>
    /// <param name="composition">Length D, finite.</param>
    /// <param name="target">Finite measured target, raw units.</param>
    /// <exception cref="ArgumentException">Wrong length or non-finite input.</exception>
    /// <exception cref="InvalidOperationException">The covariance became numerically singular (noise variance too small for a duplicate point).</exception>
    public void AddObservation(ReadOnlySpan<double> composition, double target) => AddObservation(composition, target, 0);

    /// <summary>
    /// Adds one observation whose composition is uncertain: the true composition is taken as N(composition, τ² P) in the
    /// simplex plane and the covariances follow <see cref="UncertainInputKernel"/>. τ² = 0 is an exact composition.
    /// Otherwise as <see cref="AddObservation(ReadOnlySpan{double}, double)"/>.
    /// </summary>
    /// <param name="composition">Length D, finite.</param>
    /// <param name="target">Finite measured target, raw units.</param>
    /// <param name="inputVariance">τ² ≥ 0, atomic fraction² per plane direction
    /// (<see cref="UncertainInputKernel.PlaneVarianceFromSigmaTotal"/>).</param>
    /// <exception cref="ArgumentException">Wrong length, non-finite input or a negative τ².</exception>
    /// <exception cref="InvalidOperationException">The covariance became numerically singular.</exception>
    public void AddObservation(ReadOnlySpan<double> composition, double target, double inputVariance) =>
        AddObservation(composition, target, inputVariance, 0);

    /// <summary>
    /// As <see cref="AddObservation(ReadOnlySpan{double}, double, double)"/> with an extra noise variance for this
    /// observation alone, added to σ_n² on its diagonal (heteroscedastic noise, standardised target units²).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong length, non-finite input, or a negative variance.</exception>
    /// <exception cref="InvalidOperationException">The covariance became numerically singular.</exception>
    public void AddObservation(ReadOnlySpan<double> composition, double target, double inputVariance, double extraNoiseVariance)
    {
        if (!(extraNoiseVariance >= 0) || !double.IsFinite(extraNoiseVariance))
            throw new ArgumentException($"extraNoiseVariance must be finite and ≥ 0; got {extraNoiseVariance}.", nameof(extraNoiseVariance));
        CheckPoint(composition, nameof(composition));
        if (!double.IsFinite(target)) throw new ArgumentException($"target must be finite; got {target}.", nameof(target));
        if (!(inputVariance >= 0) || !double.IsFinite(inputVariance))
            throw new ArgumentException($"inputVariance must be finite and ≥ 0; got {inputVariance}.", nameof(inputVariance));
        int n = Count;
        EnsureCapacity(n + 1);
        composition.CopyTo(_x.AsSpan(n * _d, _d));
        for (int k = 0; k < _d; k++) _xT[k * _y.Length + n] = composition[k];
        _y[n] = target;
        _tau2[n] = inputVariance;
        _extraNoise[n] = extraNoiseVariance;
        _adjust[n] = 0;
        if (inputVariance > 0) _hasInputVariance = true;
        DistanceRow(_x.AsSpan(n * _d, _d), n, _dist.AsSpan(PackedRows(n), n));
        Span<double> row = _chol.BeginRow();
        CachedKernelRow(n, _hp, row);
        if (!_chol.CommitRow(_hp.SignalVariance + _hp.NoiseVariance + extraNoiseVariance))
            throw new InvalidOperationException(
                $"GP covariance not positive definite after adding observation {n}; raise the noise variance (now {_hp.NoiseVariance}).");
        Count = n + 1;
        if (target > BestTarget) BestTarget = target;
        UpdateWeights();
    }

    /// <summary>Sets new hyperparameters and refactorises in O(n³/3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter ≤ 0.</exception>
    /// <exception cref="InvalidOperationException">The covariance is not positive definite with these values.</exception>
    public void SetHyperparameters(GpHyperparameters hyperparameters)
    {
        hyperparameters.Validate(nameof(hyperparameters));
        if (!Factorize(hyperparameters, _chol))
            throw new InvalidOperationException($"GP covariance not positive definite with {hyperparameters}.");
        _hp = hyperparameters;
        FactorVersion++;
        UpdateWeights();
    }

    /// <summary>Observation i's extra noise variance (standardised units², 0 unless set).</summary>
    public double ExtraNoiseVariance(int i) => _extraNoise[i];

    /// <summary>
    /// Replaces every observation's extra noise variance (length n, standardised units², each ≥ 0) and refactorises
    /// in O(n³/3).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong length or a negative/non-finite value.</exception>
    /// <exception cref="InvalidOperationException">The covariance is not positive definite.</exception>
    public void SetExtraNoiseVariances(ReadOnlySpan<double> extra)
    {
        if (extra.Length != Count) throw new ArgumentException($"extra has length {extra.Length}; expected n = {Count}.", nameof(extra));
        foreach (double e in extra)
            if (!(e >= 0) || !double.IsFinite(e)) throw new ArgumentException($"Extra noise variances must be finite and ≥ 0; got {e}.", nameof(extra));
        extra.CopyTo(_extraNoise);
        SetHyperparameters(_hp);
    }

    /// <summary>Observation i's target correction (raw units, 0 unless set).</summary>
    public double TargetAdjustment(int i) => _adjust[i];

    /// <summary>
    /// Replaces every observation's target correction (length n, raw units): the GP then fits target + correction
    /// (e.g. a known bias of the measurement). O(n²): the factor does not depend on the targets.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong length or a non-finite value.</exception>
    public void SetTargetAdjustments(ReadOnlySpan<double> adjustments)
    {
        if (adjustments.Length != Count) throw new ArgumentException($"adjustments has length {adjustments.Length}; expected n = {Count}.", nameof(adjustments));
        foreach (double a in adjustments)
            if (!double.IsFinite(a)) throw new ArgumentException($"Target adjustments must be finite; got {a}.", nameof(adjustments));
        adjustments.CopyTo(_adjust);
        UpdateWeights();
    }

    /// <summary>Incremented whenever the factor is rebuilt (not on an incremental row append); lets
    /// <see cref="FixedPredictionSet"/> know when its cached solves are stale.</summary>
    internal int FactorVersion { get; private set; }

    /// <summary>The Cholesky factor of K + σ_n² I.</summary>
    internal PackedCholesky Factor => _chol;

    /// <summary>z = L⁻¹ y_std (length n): the posterior mean at x is ȳ + s_y (L⁻¹k(x))·z.</summary>
    internal ReadOnlySpan<double> Whitened => _z.AsSpan(0, Count);

    /// <summary>ȳ, the constant mean (0 without standardisation).</summary>
    internal double TargetMean => _yMean;

    /// <summary>s_y, the target scale (1 without standardisation).</summary>
    internal double TargetScale => _yScale;

    /// <summary>
    /// Creates a cache for repeated predictions at a fixed set of q compositions (e.g. the switch bank): it keeps
    /// V = L⁻¹K(X, set) and extends it by one row per new observation (O(q n)), so a prediction over the set costs
    /// O(q n) instead of O(q n²/2). Allocates q·capacity doubles.
    /// </summary>
    /// <param name="compositionsFlat">q×D row-major, q ≥ 1; copied.</param>
    public FixedPredictionSet CreateFixedSet(ReadOnlySpan<double> compositionsFlat) => new(this, compositionsFlat);

    /// <summary>
    /// Maximises <see cref="LogMarginalLikelihood"/> over (log ℓ, log s², log σ_n²) inside <see cref="Bounds"/> by
    /// bounded Nelder–Mead from the current values plus <paramref name="restarts"/> − 1 seeded random starts, then
    /// refactorises with the best. Never decreases the LML. Allocates (not a hot path); O(evaluations · n³/3).
    /// </summary>
    /// <param name="restarts">Number of starts ≥ 1.</param>
    /// <param name="seed">Seed of the random starts.</param>
    /// <param name="maxEvaluationsPerStart">Budget of LML evaluations per start.</param>
    /// <returns>The LML after refitting.</returns>
    public double Refit(int restarts = 4, ulong seed = 0, int maxEvaluationsPerStart = 150)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        if (Count < 2) return _lml;
        var best = HyperparameterOptimizer.Maximize(this, restarts, seed, maxEvaluationsPerStart);
        if (best.Lml > _lml) SetHyperparameters(best.Hyperparameters);
        return _lml;
    }

    /// <summary>
    /// Evaluates the LML at <paramref name="h"/> without changing the model (uses a scratch factor).
    /// Returns −∞ if the covariance is not positive definite there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double EvaluateLogMarginalLikelihood(GpHyperparameters h)
    {
        if (Count == 0) return 0;
        if (!Factorize(h, _trial)) return double.NegativeInfinity;
        Span<double> a = _k0.AsSpan(0, Count);
        _ys.AsSpan(0, Count).CopyTo(a);
        _trial.SolveLowerInPlace(a);
        // yᵀ K⁻¹ y = ‖L⁻¹ y‖²
        return -0.5 * TensorPrimitives.Dot(a, a) - _trial.HalfLogDeterminant() - 0.5 * Count * Log2Pi;
    }

    /// <summary>Posterior mean and latent variance at one composition. Allocation-free.</summary>
    /// <param name="composition">Length D.</param>
    /// <param name="mean">Posterior mean, raw target units.</param>
    /// <param name="variance">Posterior variance of f, ≥ 0, target units².</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(ReadOnlySpan<double> composition, out double mean, out double variance)
    {
        CheckPoint(composition, nameof(composition));
        int n = Count;
        Span<double> k = _k0.AsSpan(0, n);
        KernelRow(composition, 0, n, _hp, k);
        double m = TensorPrimitives.Dot(k, _alpha.AsSpan(0, n));
        _chol.SolveLowerInPlace(k);
        double v = _hp.SignalVariance - TensorPrimitives.Dot(k, k);
        mean = _yMean + _yScale * m;
        variance = Math.Max(v, 0) * _yScale * _yScale;
    }

    /// <summary>Posterior mean alone at one composition (raw target units), O(n D) instead of <see cref="Predict"/>'s
    /// O(n²). Bit-identical to <see cref="Predict"/>'s mean. Allocation-free.</summary>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public double PredictMean(ReadOnlySpan<double> composition)
    {
        CheckPoint(composition, nameof(composition));
        int n = Count;
        Span<double> k = _k0.AsSpan(0, n);
        KernelRow(composition, 0, n, _hp, k);
        return _yMean + _yScale * TensorPrimitives.Dot(k, _alpha.AsSpan(0, n));
    }

    /// <summary>
    /// Posterior mean and latent variance at q compositions. Allocation-free; eight (or four) points share each pass over L.
    /// Cost O(q n²/2 + q n D).
    /// </summary>
    /// <param name="compositionsFlat">q×D row-major.</param>
    /// <param name="mean">Length ≥ q; receives raw-unit means.</param>
    /// <param name="variance">Length ≥ q; receives variances ≥ 0.</param>
    /// <exception cref="ArgumentException">Length not a multiple of D, or outputs too short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictMany(ReadOnlySpan<double> compositionsFlat, Span<double> mean, Span<double> variance)
    {
        if (compositionsFlat.Length % _d != 0)
            throw new ArgumentException($"compositionsFlat length {compositionsFlat.Length} is not a multiple of D = {_d}.", nameof(compositionsFlat));
        int q = compositionsFlat.Length / _d;
        if (mean.Length < q) throw new ArgumentException($"mean has length {mean.Length}; need ≥ {q}.", nameof(mean));
        if (variance.Length < q) throw new ArgumentException($"variance has length {variance.Length}; need ≥ {q}.", nameof(variance));
        int n = Count;
        double s2 = _hp.SignalVariance;
        double scale2 = _yScale * _yScale;
        ReadOnlySpan<double> alpha = _alpha.AsSpan(0, n);
        Span<double> k0 = _k0.AsSpan(0, n), k1 = _k1.AsSpan(0, n), k2 = _k2.AsSpan(0, n), k3 = _k3.AsSpan(0, n);
        Span<double> k4 = _k4.AsSpan(0, n), k5 = _k5.AsSpan(0, n), k6 = _k6.AsSpan(0, n), k7 = _k7.AsSpan(0, n);
        int p = 0;
        // Groups of eight, then one of four, then single points: a point gets the same arithmetic in a group of eight
        // as in a group of four (see TriangularSolve4), so results do not depend on q's grouping beyond q mod 4.
        for (; p + 8 <= q; p += 8)
        {
            KernelRow(compositionsFlat.Slice(p * _d, _d), 0, n, _hp, k0);
            KernelRow(compositionsFlat.Slice((p + 1) * _d, _d), 0, n, _hp, k1);
            KernelRow(compositionsFlat.Slice((p + 2) * _d, _d), 0, n, _hp, k2);
            KernelRow(compositionsFlat.Slice((p + 3) * _d, _d), 0, n, _hp, k3);
            KernelRow(compositionsFlat.Slice((p + 4) * _d, _d), 0, n, _hp, k4);
            KernelRow(compositionsFlat.Slice((p + 5) * _d, _d), 0, n, _hp, k5);
            KernelRow(compositionsFlat.Slice((p + 6) * _d, _d), 0, n, _hp, k6);
            KernelRow(compositionsFlat.Slice((p + 7) * _d, _d), 0, n, _hp, k7);
            mean[p] = _yMean + _yScale * TensorPrimitives.Dot(k0, alpha);
            mean[p + 1] = _yMean + _yScale * TensorPrimitives.Dot(k1, alpha);
            mean[p + 2] = _yMean + _yScale * TensorPrimitives.Dot(k2, alpha);
            mean[p + 3] = _yMean + _yScale * TensorPrimitives.Dot(k3, alpha);
            mean[p + 4] = _yMean + _yScale * TensorPrimitives.Dot(k4, alpha);
            mean[p + 5] = _yMean + _yScale * TensorPrimitives.Dot(k5, alpha);
            mean[p + 6] = _yMean + _yScale * TensorPrimitives.Dot(k6, alpha);
            mean[p + 7] = _yMean + _yScale * TensorPrimitives.Dot(k7, alpha);
            TriangularSolve4.SolveLowerInPlace(_chol, k0, k1, k2, k3, k4, k5, k6, k7);
            variance[p] = Math.Max(s2 - TensorPrimitives.Dot(k0, k0), 0) * scale2;
            variance[p + 1] = Math.Max(s2 - TensorPrimitives.Dot(k1, k1), 0) * scale2;
            variance[p + 2] = Math.Max(s2 - TensorPrimitives.Dot(k2, k2), 0) * scale2;
            variance[p + 3] = Math.Max(s2 - TensorPrimitives.Dot(k3, k3), 0) * scale2;
            variance[p + 4] = Math.Max(s2 - TensorPrimitives.Dot(k4, k4), 0) * scale2;
            variance[p + 5] = Math.Max(s2 - TensorPrimitives.Dot(k5, k5), 0) * scale2;
            variance[p + 6] = Math.Max(s2 - TensorPrimitives.Dot(k6, k6), 0) * scale2;
            variance[p + 7] = Math.Max(s2 - TensorPrimitives.Dot(k7, k7), 0) * scale2;
        }
        if (p + 4 <= q)
        {
            KernelRow(compositionsFlat.Slice(p * _d, _d), 0, n, _hp, k0);
            KernelRow(compositionsFlat.Slice((p + 1) * _d, _d), 0, n, _hp, k1);
            KernelRow(compositionsFlat.Slice((p + 2) * _d, _d), 0, n, _hp, k2);
            KernelRow(compositionsFlat.Slice((p + 3) * _d, _d), 0, n, _hp, k3);
            mean[p] = _yMean + _yScale * TensorPrimitives.Dot(k0, alpha);
            mean[p + 1] = _yMean + _yScale * TensorPrimitives.Dot(k1, alpha);
            mean[p + 2] = _yMean + _yScale * TensorPrimitives.Dot(k2, alpha);
            mean[p + 3] = _yMean + _yScale * TensorPrimitives.Dot(k3, alpha);
            TriangularSolve4.SolveLowerInPlace(_chol, k0, k1, k2, k3);
            variance[p] = Math.Max(s2 - TensorPrimitives.Dot(k0, k0), 0) * scale2;
            variance[p + 1] = Math.Max(s2 - TensorPrimitives.Dot(k1, k1), 0) * scale2;
            variance[p + 2] = Math.Max(s2 - TensorPrimitives.Dot(k2, k2), 0) * scale2;
            variance[p + 3] = Math.Max(s2 - TensorPrimitives.Dot(k3, k3), 0) * scale2;
            p += 4;
        }
        for (; p < q; p++)
        {
            KernelRow(compositionsFlat.Slice(p * _d, _d), 0, n, _hp, k0);
            mean[p] = _yMean + _yScale * TensorPrimitives.Dot(k0, alpha);
            _chol.SolveLowerInPlace(k0);
            variance[p] = Math.Max(s2 - TensorPrimitives.Dot(k0, k0), 0) * scale2;
        }
    }

    /// <summary>Copies observations and hyperparameters into a new <see cref="GpState"/> (allocates).</summary>
    public GpState ExportState() => new(
        _d, Kernel, _hp, StandardizeTargets,
        _x.AsSpan(0, Count * _d).ToArray(),
        _y.AsSpan(0, Count).ToArray())
    {
        InputVariances = _hasInputVariance ? _tau2.AsSpan(0, Count).ToArray() : null,
        ExtraNoiseVariances = AnyNonZero(_extraNoise.AsSpan(0, Count)) ? _extraNoise.AsSpan(0, Count).ToArray() : null,
        TargetAdjustments = AnyNonZero(_adjust.AsSpan(0, Count)) ? _adjust.AsSpan(0, Count).ToArray() : null,
    };

    private static bool AnyNonZero(ReadOnlySpan<double> values)
    {
        foreach (double v in values) if (v != 0) return true;
        return false;
    }

    /// <summary>Rebuilds a GP from <paramref name="state"/> with one batch factorisation.</summary>
    /// <exception cref="ArgumentException">Inconsistent state.</exception>
    /// <exception cref="InvalidOperationException">The stored covariance is not positive definite.</exception>
    public static GaussianProcess Import(GpState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        int n = state.Count;
        var gp = new GaussianProcess(state.Dimensions, state.Kernel, state.Hyperparameters, state.StandardizeTargets,
            Math.Max(64, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, n))));
        state.Compositions.AsSpan().CopyTo(gp._x);
        int cap = gp._y.Length;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < gp._d; k++) gp._xT[k * cap + i] = state.Compositions[i * gp._d + k];
        state.Targets.AsSpan().CopyTo(gp._y);
        if (state.InputVariances is { } tau2)
        {
            tau2.AsSpan().CopyTo(gp._tau2);
            foreach (double t in tau2) if (t > 0) gp._hasInputVariance = true;
        }
        state.ExtraNoiseVariances?.AsSpan().CopyTo(gp._extraNoise);
        state.TargetAdjustments?.AsSpan().CopyTo(gp._adjust);
        for (int i = 0; i < n; i++) gp.DistanceRow(gp._x.AsSpan(i * gp._d, gp._d), i, gp._dist.AsSpan(PackedRows(i), i));
        gp.Count = n;
        for (int i = 0; i < n; i++)
            if (state.Targets[i] > gp.BestTarget) gp.BestTarget = state.Targets[i];
        gp.UpdateStandardization();
        gp.SetHyperparameters(state.Hyperparameters);
        return gp;
    }

    /// <summary>Standardised targets of the current observations (length n), for the optimiser.</summary>
    internal ReadOnlySpan<double> StandardizedTargets => _ys.AsSpan(0, Count);

    private void CheckPoint(ReadOnlySpan<double> x, string name)
    {
        if (x.Length != _d) throw new ArgumentException($"{name} has length {x.Length}; expected D = {_d}.", name);
    }

    private void EnsureCapacity(int n)
    {
        if (n <= _y.Length) return;
        int old = _y.Length;
        int cap = old;
        while (cap < n) cap *= 2;
        Array.Resize(ref _x, cap * _d);
        var xT = new double[cap * _d];
        for (int k = 0; k < _d; k++) Array.Copy(_xT, k * old, xT, k * cap, old);
        _xT = xT;
        Array.Resize(ref _z, cap);
        _kScratch = new double[cap];
        Array.Resize(ref _y, cap);
        Array.Resize(ref _alpha, cap);
        Array.Resize(ref _ys, cap);
        Array.Resize(ref _tau2, cap);
        Array.Resize(ref _extraNoise, cap);
        Array.Resize(ref _adjust, cap);
        _fitY = new double[cap];
        _k0 = new double[cap];
        _k1 = new double[cap];
        _k2 = new double[cap];
        _k3 = new double[cap];
        _k4 = new double[cap];
        _k5 = new double[cap];
        _k6 = new double[cap];
        _k7 = new double[cap];
        Array.Resize(ref _dist, PackedRows(cap));
        _chol.EnsureCapacity(cap);
        _trial.EnsureCapacity(cap);
    }

    /// <summary>dest[j] = k(x, x_j) for j &lt; count; vectorised over j through the column-major copy. With input
    /// variances (the point's <paramref name="xTau2"/> or the observations') each pair's ℓ and amplitude are broadened
    /// (<see cref="UncertainInputKernel"/>).</summary>
    private void KernelRow(ReadOnlySpan<double> x, double xTau2, int count, GpHyperparameters h, Span<double> dest)
    {
        if (count == 0) return;
        Span<double> r2 = dest[..count];
        SquaredDistanceRow(x, count, r2);
        if (!_hasInputVariance && xTau2 == 0)
        {
            CovarianceFunction.EvaluateMany(Kernel, r2, h.LengthScale, h.SignalVariance, _kScratch.AsSpan(0, count));
            return;
        }
        for (int j = 0; j < count; j++)
        {
            UncertainInputKernel.Broaden(h.LengthScale, h.SignalVariance, xTau2 + _tau2[j], _d, out double le, out double amp);
            dest[j] = CovarianceFunction.Evaluate(Kernel, r2[j], le, amp);
        }
    }

    /// <summary>dest[j] = r²(x, x_j) for j &lt; count (the first step of <see cref="KernelRow"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SquaredDistanceRow(ReadOnlySpan<double> x, int count, Span<double> dest)
    {
        if (count == 0) return;
        int cap = _y.Length;
        Span<double> r2 = dest[..count];
        Span<double> t = _kScratch.AsSpan(0, count);
        TensorPrimitives.Subtract(new ReadOnlySpan<double>(_xT, 0, count), x[0], r2);
        TensorPrimitives.Multiply(r2, r2, r2);
        for (int k = 1; k < _d; k++)
        {
            TensorPrimitives.Subtract(new ReadOnlySpan<double>(_xT, k * cap, count), x[k], t);
            TensorPrimitives.MultiplyAdd(t, t, r2, r2);
        }
    }

    /// <summary>
    /// The cached distance terms of observation <paramref name="row"/> to observations 0..row−1: the part of
    /// <see cref="KernelRow"/> that does not depend on the hyperparameters (r for Matérn, r² for RBF; see
    /// <see cref="CovarianceFunction.DistanceTerms"/>), so that the many factorisations of a refit only apply the
    /// kernel's profile. Same operations on the same spans as <see cref="KernelRow"/>, hence bit-identical kernels.
    /// </summary>
    private void DistanceRow(ReadOnlySpan<double> x, int row, Span<double> dest)
    {
        SquaredDistanceRow(x, row, dest);
        CovarianceFunction.DistanceTerms(Kernel, dest[..row]);
    }

    /// <summary>dest[j] = k(x_row, x_j) for j &lt; row from the cached distance terms.</summary>
    private void CachedKernelRow(int row, GpHyperparameters h, Span<double> dest)
    {
        if (row == 0) return;
        if (_hasInputVariance)
        {
            ReadOnlySpan<double> terms = _dist.AsSpan(PackedRows(row), row);
            double tauRow = _tau2[row];
            for (int j = 0; j < row; j++)
            {
                double r2 = Kernel == KernelKind.Rbf ? terms[j] : terms[j] * terms[j];
                UncertainInputKernel.Broaden(h.LengthScale, h.SignalVariance, tauRow + _tau2[j], _d, out double le, out double amp);
                dest[j] = CovarianceFunction.Evaluate(Kernel, r2, le, amp);
            }
            return;
        }
        CovarianceFunction.EvaluateFromDistanceTerms(Kernel, _dist.AsSpan(PackedRows(row), row), h.LengthScale, h.SignalVariance,
            dest[..row], _kScratch.AsSpan(0, row));
    }

    /// <summary>Start of row i in the packed (row-major lower-triangular, diagonal included) layout.</summary>
    private static int PackedRows(int i) => checked(i * (i + 1) / 2);

    /// <summary>Batch factorisation of K + σ_n² I into <paramref name="target"/>, four rows at a time, O(n³/3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Factorize(GpHyperparameters h, PackedCholesky target)
    {
        target.Clear();
        double diagonal = h.SignalVariance + h.NoiseVariance;
        int i = 0;
        // Eight rows share each pass over L; the arithmetic per entry is that of the four-row blocks below (columns
        // before the block by the four/eight-row solve, the block's own columns by CommitRow), so the factor is
        // bit-identical to a factorisation in four-row blocks.
        for (; i + 8 <= Count; i += 8)
        {
            for (int k = 0; k < 8; k++)
                CachedKernelRow(i + k, h, target.PendingRow(k));
            target.SolvePendingBlock8();
            for (int k = 0; k < 4; k++)
                if (!target.CommitRow(diagonal + _extraNoise[i + k], solvedColumns: i)) return false;
            target.SolvePendingBlockColumns4(i);
            for (int k = 0; k < 4; k++)
                if (!target.CommitRow(diagonal + _extraNoise[i + 4 + k], solvedColumns: i + 4)) return false;
        }
        for (; i + 4 <= Count; i += 4)
        {
            for (int k = 0; k < 4; k++)
                CachedKernelRow(i + k, h, target.PendingRow(k));
            target.SolvePendingBlock4();
            for (int k = 0; k < 4; k++)
                if (!target.CommitRow(diagonal + _extraNoise[i + k], solvedColumns: i)) return false;
        }
        for (; i < Count; i++)
        {
            Span<double> row = target.BeginRow();
            CachedKernelRow(i, h, row);
            if (!target.CommitRow(diagonal + _extraNoise[i])) return false;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateStandardization()
    {
        int n = Count;
        Span<double> fit = _fitY.AsSpan(0, n);
        TensorPrimitives.Add(_y.AsSpan(0, n), _adjust.AsSpan(0, n), fit);
        ReadOnlySpan<double> y = fit;
        if (StandardizeTargets && n > 0)
        {
            double mu = TensorPrimitives.Sum(y) / n;
            double ss = 0;
            for (int i = 0; i < n; i++) ss += (y[i] - mu) * (y[i] - mu);
            double sd = n > 1 ? Math.Sqrt(ss / (n - 1)) : 0;
            _yMean = mu;
            _yScale = sd > 1e-12 * Math.Max(1, Math.Abs(mu)) ? sd : 1.0;
        }
        else
        {
            _yMean = 0;
            _yScale = 1;
        }
        for (int i = 0; i < n; i++) _ys[i] = (y[i] - _yMean) / _yScale;
    }

    /// <summary>Re-standardises, solves α = (L Lᵀ)⁻¹ y_std and updates the LML, all O(n²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateWeights()
    {
        UpdateStandardization();
        int n = Count;
        Span<double> a = _alpha.AsSpan(0, n);
        _ys.AsSpan(0, n).CopyTo(a);
        _chol.SolveLowerInPlace(a);
        a.CopyTo(_z);
        double quad = TensorPrimitives.Dot(a, a);
        _chol.SolveUpperTransposedInPlace(a);
        _lml = n == 0 ? 0 : -0.5 * quad - _chol.HalfLogDeterminant() - 0.5 * n * Log2Pi;
    }
}
