namespace EdgeCtl.Policy;

/// <summary>
/// The façade the campaign runner calls each iteration: the GP surrogate over compositions, cost-aware selection
/// within the FoV (eqs 4–6) and the stay-or-switch decision with its destination (eqs 7–17).
/// <see cref="Decide"/> allocates nothing in steady state (buffers grow by doubling when a larger candidate set
/// or measured set first appears). Not thread-safe: one instance per campaign, called from the runner's loop.
/// </summary>
public sealed class CampaignPolicy
{
    private readonly int _d;
    private readonly PolicyOptions _options;
    private readonly ulong _seed;
    private readonly GaussianProcess _gp;
    private readonly SwitchGainBank _bank;
    private double[] _candMean = new double[64];
    private double[] _candVar = new double[64];
    private double[] _candAcq = new double[64];
    private double[] _evalMean = new double[64];
    private double[] _evalVar = new double[64];
    private readonly NoisyInputCorrection? _noisyInput;

    /// <summary>Creates a policy with an empty GP.</summary>
    /// <param name="dimensions">D, number of elements, 2..8.</param>
    /// <param name="options">Settings (validated).</param>
    /// <param name="seed">Seeds the switch bank and the hyperparameter restarts: same seed, same decisions.</param>
    /// <exception cref="ArgumentOutOfRangeException">D outside 2..8 or an invalid option.</exception>
    public CampaignPolicy(int dimensions, PolicyOptions options, ulong seed)
        : this(dimensions, options, seed, null)
    {
    }

    private CampaignPolicy(int dimensions, PolicyOptions options, ulong seed, GaussianProcess? gp)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (dimensions is < 2 or > 8)
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "D (number of elements) must be in 2..8.");
        options.Validate();
        _d = dimensions;
        _options = options;
        _seed = seed;
        _gp = gp ?? new GaussianProcess(dimensions, options.Kernel, options.InitialHyperparameters, standardizeTargets: true);
        _gp.Bounds = options.Bounds;
        _bank = new SwitchGainBank(dimensions, options.SwitchBankSize, new PolicyRandom(seed));
        if (options.GradientInputNoise) _noisyInput = new NoisyInputCorrection(dimensions, options.CurvatureCorrection);
    }

    /// <summary>D.</summary>
    public int Dimensions => _d;

    /// <summary>The settings.</summary>
    public PolicyOptions Options => _options;

    /// <summary>Number of observations in the GP.</summary>
    public int ObservationCount => _gp.Count;

    /// <summary>Current GP hyperparameters (standardised targets).</summary>
    public GpHyperparameters Hyperparameters => _gp.Hyperparameters;

    /// <summary>GP log marginal likelihood of the standardised targets.</summary>
    public double LogMarginalLikelihood => _gp.LogMarginalLikelihood;

    /// <summary>
    /// Adds a measured particle: O(n²) incremental GP update; every <see cref="PolicyOptions.RefitEvery"/>-th
    /// observation also refits the hyperparameters (O(restarts · evaluations · n³/3), seeded by the policy seed
    /// and the count).
    /// </summary>
    /// <param name="composition">Length D, atomic fractions.</param>
    /// <param name="target">Measured target (raw units, e.g. an EELS feature).</param>
    /// <exception cref="ArgumentException">Wrong length or non-finite input.</exception>
    public void AddObservation(ReadOnlySpan<double> composition, double target) => AddObservation(composition, target, 0);

    /// <summary>
    /// Adds a measured particle with its EDX uncertainty σ_tot (eq 3). With
    /// <see cref="PolicyOptions.ModelCompositionUncertainty"/> the GP takes it as input noise
    /// (τ² = 2σ_tot²/(D − 1), <see cref="UncertainInputKernel"/>); with <see cref="PolicyOptions.GradientInputNoise"/>
    /// it gets the noise τ² ‖∇μ‖² and (by <see cref="PolicyOptions.CurvatureCorrection"/>) a curvature correction of
    /// its target, both re-estimated at each refit (<see cref="NoisyInputCorrection"/>); otherwise σ_tot is ignored.
    /// Refits as <see cref="AddObservation(ReadOnlySpan{double}, double)"/>.
    /// </summary>
    /// <param name="composition">Length D, atomic fractions.</param>
    /// <param name="target">Measured target (raw units).</param>
    /// <param name="sigmaTotal">σ_tot ≥ 0, atomic fraction.</param>
    /// <exception cref="ArgumentException">Wrong length, non-finite input, or σ_tot negative.</exception>
    public void AddObservation(ReadOnlySpan<double> composition, double target, double sigmaTotal)
    {
        if (!(sigmaTotal >= 0) || !double.IsFinite(sigmaTotal))
            throw new ArgumentException($"sigmaTotal must be finite and ≥ 0; got {sigmaTotal}.", nameof(sigmaTotal));
        double planeVariance = UncertainInputKernel.PlaneVarianceFromSigmaTotal(sigmaTotal, _d);
        double tau2 = _options.ModelCompositionUncertainty ? planeVariance : 0;
        if (composition.Length != _d)
            throw new ArgumentException($"composition has length {composition.Length}; expected D = {_d}.", nameof(composition));
        double extra = _noisyInput?.ExtraNoise(_gp, composition, planeVariance) ?? 0;
        _gp.AddObservation(composition, target, tau2, extra);
        _noisyInput?.Record(planeVariance);
        if (_gp.Count % _options.RefitEvery == 0)
        {
            _gp.Refit(_options.HyperparameterRestarts, _seed ^ (0x9E3779B97F4A7C15UL * (ulong)_gp.Count));
            _noisyInput?.Update(_gp);
        }
    }

    /// <summary>Posterior mean (target units) and standard deviation σ of f at one composition (length D).</summary>
    public void Predict(ReadOnlySpan<double> composition, out double mean, out double sigma)
    {
        _gp.Predict(composition, out mean, out double variance);
        sigma = Math.Sqrt(variance);
    }

    /// <summary>
    /// Posterior means (target units) and latent variances at q compositions (q×D flat; outputs length ≥ q), as
    /// <see cref="GaussianProcess.PredictMany"/>. 0 B allocated. Used by the simulator's per-iteration metrics.
    /// </summary>
    public void PredictMany(ReadOnlySpan<double> compositionsFlat, Span<double> mean, Span<double> variance) =>
        _gp.PredictMany(compositionsFlat, mean, variance);

    /// <summary>The GP surrogate itself, for look-ahead selection in the simulator (read-only use).</summary>
    internal GaussianProcess Surrogate => _gp;

    /// <summary>Mean predictive σ over a fixed evaluation set (the paper's convergence curve, Figs. 3–4).</summary>
    /// <param name="evalPointsFlat">q×D row-major, q ≥ 1.</param>
    /// <exception cref="ArgumentException">Empty or not a multiple of D.</exception>
    public double MeanPredictiveSigma(ReadOnlySpan<double> evalPointsFlat)
    {
        if (evalPointsFlat.Length == 0 || evalPointsFlat.Length % _d != 0)
            throw new ArgumentException($"evalPointsFlat must hold q ≥ 1 points of D = {_d}; got {evalPointsFlat.Length} values.", nameof(evalPointsFlat));
        int q = evalPointsFlat.Length / _d;
        Grow(ref _evalMean, q);
        Grow(ref _evalVar, q);
        _gp.PredictMany(evalPointsFlat, _evalMean, _evalVar);
        double s = 0;
        for (int i = 0; i < q; i++) s += Math.Sqrt(_evalVar[i]);
        return s / q;
    }

    /// <summary>
    /// One decision: the best candidate of the current FoV by eq 4, the stay value (eqs 7–9), the expected gain
    /// of switching (eqs 11–15, closed form over the prior bank), the best destination, and the switch value
    /// (eqs 16–17). Switches when V_switch &gt; 0 and a destination exists, or whenever the candidate list is empty.
    /// t_switch is <see cref="PolicyOptions.SwitchSeconds"/> or, if null, eq 5 at the destination's distance.
    /// 0 B allocated in steady state.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes that disagree with D or with each other, negative counts,
    /// a non-finite density/area, or a current region missing from <see cref="DecisionContext.Regions"/>.</exception>
    /// <exception cref="InvalidOperationException">No candidate is left in the FoV and no region remains to go to.</exception>
    public PolicyDecision Decide(in DecisionContext context)
    {
        ReadOnlySpan<double> cand = context.CandidateCompositions;
        ReadOnlySpan<double> dist = context.CandidateDistancesUm;
        if (cand.Length % _d != 0)
            throw new ArgumentException($"CandidateCompositions has {cand.Length} values, not a multiple of D = {_d}.", nameof(context));
        int n = cand.Length / _d;
        if (dist.Length != n)
            throw new ArgumentException($"CandidateDistancesUm has {dist.Length} values; expected one per candidate ({n}).", nameof(context));
        if (context.MeasuredCompositions.Length % _d != 0)
            throw new ArgumentException($"MeasuredCompositions has {context.MeasuredCompositions.Length} values, not a multiple of D = {_d}.", nameof(context));
        if (!(context.DensityPerUm2 >= 0) || !double.IsFinite(context.DensityPerUm2))
            throw new ArgumentException($"DensityPerUm2 must be finite and ≥ 0; got {context.DensityPerUm2}.", nameof(context));
        if (!(context.RegionAreaUm2 >= 0) || !double.IsFinite(context.RegionAreaUm2))
            throw new ArgumentException($"RegionAreaUm2 must be finite and ≥ 0; got {context.RegionAreaUm2}.", nameof(context));

        MotionCostModel motion = _options.Motion;

        // Eq 4 over the FoV's unmeasured candidates; G of eq 8 on the way.
        Grow(ref _candMean, n);
        Grow(ref _candVar, n);
        Grow(ref _candAcq, n);
        Span<double> mean = _candMean.AsSpan(0, n), variance = _candVar.AsSpan(0, n), acq = _candAcq.AsSpan(0, n);
        _gp.PredictMany(cand, mean, variance);
        AcquisitionFunction.Evaluate(_options.Acquisition, mean, variance, _gp.BestTarget, _options.UcbBeta, _options.EiXi, acq);
        CandidateChoice choice = CostAwareSelection.SelectBest(acq, dist, motion, out double g);

        // Eqs 7 and 9.
        double rFov = RegionSwitching.RegionOfViewValue(context.MeasuredInRegion, context.TotalInRegion);
        double vStay = RegionSwitching.StayValue(rFov, g);

        // Eqs 11–15: E_gain of an unvisited region, then the destination by the same trade-off.
        _bank.Evaluate(_gp, _options, context.MeasuredCompositions);
        double eGain = _bank.ExpectedGain(context.DensityPerUm2 * context.RegionAreaUm2);
        DestinationChoice dest = DestinationSelector.Choose(context.Regions, context.CurrentRegion, motion, eGain, _bank);

        // Eqs 16–17 against the chosen destination.
        bool hasDest = dest.RegionIndex >= 0;
        double tSwitch = _options.SwitchSeconds ?? (hasDest ? motion.MoveSeconds(dest.DistanceUm) : motion.StageLatencySeconds);
        double gain = hasDest ? dest.Gain : eGain;
        double cSwitch = RegionSwitching.SwitchCost(tSwitch, vStay, _options.MeasurementSeconds);
        double vSwitch = RegionSwitching.SwitchValue(gain, cSwitch);

        DecisionKind kind;
        if (n == 0)
        {
            if (!hasDest)
                throw new InvalidOperationException(
                    "No unmeasured candidate is left in the current FoV and no region remains to move to: the accessible area is exhausted.");
            kind = DecisionKind.SwitchRegion;
        }
        else
        {
            kind = hasDest && vSwitch > 0 ? DecisionKind.SwitchRegion : DecisionKind.MeasureCandidate;
        }

        return new PolicyDecision(kind, choice.Index, n == 0 ? double.NaN : choice.Score, choice.Acquisition, choice.MoveCost,
            rFov, vStay, gain, cSwitch, vSwitch, dest.RegionIndex);
    }

    /// <summary>
    /// The largest acquisition value a(c) (same function and incumbent as <see cref="Decide"/>) over the
    /// compositions in <paramref name="compositionsFlat"/> (n × D): what a visited region's known,
    /// unmeasured particles are worth as a destination (<see cref="RegionInfo.BestRemainingAcquisition"/>).
    /// NaN for n = 0. 0 B allocated in steady state.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not a multiple of D.</exception>
    public double BestAcquisition(ReadOnlySpan<double> compositionsFlat)
    {
        if (compositionsFlat.Length % _d != 0)
            throw new ArgumentException($"Compositions have {compositionsFlat.Length} values, not a multiple of D = {_d}.", nameof(compositionsFlat));
        int n = compositionsFlat.Length / _d;
        if (n == 0) return double.NaN;
        Grow(ref _candMean, n);
        Grow(ref _candVar, n);
        Grow(ref _candAcq, n);
        Span<double> mean = _candMean.AsSpan(0, n), variance = _candVar.AsSpan(0, n), acq = _candAcq.AsSpan(0, n);
        _gp.PredictMany(compositionsFlat, mean, variance);
        AcquisitionFunction.Evaluate(_options.Acquisition, mean, variance, _gp.BestTarget, _options.UcbBeta, _options.EiXi, acq);
        double best = double.NegativeInfinity;
        foreach (var a in acq) if (a > best) best = a;
        return best;
    }

    /// <summary>Observations and hyperparameters for the campaign store (allocates).</summary>
    public GpState ExportState() => _noisyInput is null
        ? _gp.ExportState()
        : _gp.ExportState() with { CompositionPlaneVariances = [.. _noisyInput.PlaneVariances] };

    /// <summary>Resumes a policy from a stored state with one batch factorisation.</summary>
    /// <param name="s">The stored state; its kernel must equal <paramref name="o"/>.Kernel and its D must be 2..8.</param>
    /// <param name="o">Settings.</param>
    /// <param name="seed">The campaign's seed (same seed → same switch bank as before the restart).</param>
    /// <exception cref="ArgumentException">Inconsistent state, or a kernel different from the options'.</exception>
    public static CampaignPolicy Import(GpState s, PolicyOptions o, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(o);
        if (s.Kernel != o.Kernel)
            throw new ArgumentException($"Stored GP uses kernel {s.Kernel} but the options ask for {o.Kernel}.", nameof(s));
        if (!s.StandardizeTargets)
            throw new ArgumentException("Stored GP does not standardise targets; CampaignPolicy always does.", nameof(s));
        if (o.GradientInputNoise && s.CompositionPlaneVariances is null)
            throw new ArgumentException("The options ask for GradientInputNoise but the stored state has no CompositionPlaneVariances.", nameof(s));
        var policy = new CampaignPolicy(s.Dimensions, o, seed, GaussianProcess.Import(s));
        policy._noisyInput?.Restore(s.CompositionPlaneVariances);
        return policy;
    }

    /// <summary>Replaces <paramref name="buffer"/> by one at least <paramref name="length"/> long (doubling; contents dropped).</summary>
    internal static void Grow(ref double[] buffer, int length)
    {
        if (buffer.Length >= length) return;
        int cap = buffer.Length;
        while (cap < length) cap *= 2;
        buffer = new double[cap];
    }
}
