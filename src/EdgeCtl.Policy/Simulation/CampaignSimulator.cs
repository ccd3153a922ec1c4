namespace EdgeCtl.Policy.Simulation;

/// <summary>
/// In-process Monte-Carlo campaign simulator (paper section IV.3): no rig, no sockets. It drives the same
/// <see cref="CampaignPolicy"/> as the service's campaign runner, the same way (src/EdgeCtl.Service/Campaign/
/// CampaignRunner.cs and CampaignState.cs): the stage starts in the central region; the first
/// <see cref="SimulationOptions.SeedParticles"/> measurements are random particles of the current region (moving to
/// the nearest region with particles if it has none); then each iteration <see cref="CampaignPolicy.Decide"/> either
/// measures a particle of the FoV (eq 4) or switches region (eqs 7–17); a region just entered is not left before
/// one measurement; visited regions are offered with <see cref="RegionInfo.BestRemainingAcquisition"/> from
/// <see cref="CampaignPolicy.BestAcquisition"/>; ρ of eq 11 is the density seen so far.
/// <para>
/// Instrument time: a measurement costs the control overhead t_bs plus one EELS exposure; a region change costs the
/// stage travel (Chebyshev distance / v), the retune, the control overhead and, for a region never surveyed, the
/// EDX frame. The very first region's retune and EDX frame are counted too. The EELS target is the ground truth at
/// the particle's true composition; the GP receives the EDX composition (eqs 2–3), so composition noise is the
/// simulation's only noise.
/// </para>
/// <para>
/// Determinism: every random choice comes from <see cref="PolicyRandom"/> streams derived from the seed, so a seed
/// gives the same trace on any machine; runs share nothing and may execute in parallel.
/// </para>
/// </summary>
public sealed class CampaignSimulator
{
    private readonly SimulationOptions _o;
    private readonly SimulationPolicy _kind;
    private readonly SimulatedSpecimen _spec;
    private readonly SumOfGaussians _truth;
    private readonly double[] _eval;
    private readonly double[] _evalTruth;
    private readonly double[] _evalMean;
    private readonly double[] _evalVar;
    private readonly CampaignPolicy _policy;
    private readonly MotionCostModel _motion;
    private readonly PolicyRandom _seedRng;
    private readonly PolicyRandom _choiceRng;
    private readonly bool[] _measured;
    private readonly int[] _measuredIn;
    private readonly bool[] _visited;
    private readonly List<int> _firstVisitOrder = [];
    private readonly RegionInfo[] _regions;
    private readonly List<double> _measuredComps = [];
    private readonly List<int> _candidates = [];
    private double[] _candComps = new double[64];
    private double[] _candDist = new double[16];
    private double[] _candSigma = new double[16];
    private double[] _scratch = new double[64];
    private readonly IntegratedVarianceReduction? _ivr;
    private readonly SimulationRun _run;
    private int _current = -1;
    private int _sinceArrival;
    private int _iteration;
    private int _particlesSeen;
    private double _t;
    private double _beamX, _beamY;
    private int _planned = int.MaxValue;
    private double _stopBelow = double.NaN;
    private bool _reached;
    private bool _snapshotTaken;
    private readonly List<double> _sigmaSeen = [];   // σ_tot of every surveyed particle, ascending
    private double _sigmaThreshold = double.PositiveInfinity;

    /// <summary>Prepares one campaign: draws specimen, ground truth and evaluation set from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An invalid option.</exception>
    public CampaignSimulator(SimulationOptions options, SimulationPolicy policy, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!Enum.IsDefined(policy)) throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy.");
        _o = options;
        _kind = policy;
        int d = options.Dimensions;
        _spec = new SimulatedSpecimen(options, new PolicyRandom(Stream(seed, 1)));
        _truth = new SumOfGaussians(d, options.Gaussians, options.GaussianSigma, new PolicyRandom(Stream(seed, 2)));
        var evalRng = new PolicyRandom(Stream(seed, 3));
        int q = options.EvaluationPoints;
        _eval = new double[q * d];
        _evalTruth = new double[q];
        _evalMean = new double[q];
        _evalVar = new double[q];
        for (int i = 0; i < q; i++)
        {
            evalRng.NextSimplexPoint(_eval.AsSpan(i * d, d));
            _evalTruth[i] = _truth.Evaluate(_eval.AsSpan(i * d, d));
        }
        _seedRng = new PolicyRandom(Stream(seed, 4));
        _choiceRng = new PolicyRandom(Stream(seed, 5));
        _motion = options.Motion;
        var baseOptions = (options.Policy ?? new PolicyOptions()) with { Motion = _motion, MeasurementSeconds = options.EelsSeconds };
        if (policy == SimulationPolicy.NoCost)
        {
            // Motion is free to the policy: every move priced like a beam shift, and a switch costs one measurement.
            baseOptions = baseOptions with
            {
                Motion = _motion with { BeamShiftRangeUm = 1e12 },
                SwitchSeconds = options.EelsSeconds,
            };
        }
        if (policy == SimulationPolicy.Ours)
            baseOptions = baseOptions with
            {
                ModelCompositionUncertainty = options.OursModelsCompositionUncertainty,
                GradientInputNoise = options.OursGradientInputNoise,
                CurvatureCorrection = options.OursCurvatureCorrection,
                Kernel = options.OursKernel ?? (d <= 3 ? KernelKind.Rbf : KernelKind.Matern52),
                RefitEvery = options.OursRefitEvery,
            };
        _policy = new CampaignPolicy(d, baseOptions, Stream(seed, 6));
        if (policy == SimulationPolicy.Ours)
            _ivr = new IntegratedVarianceReduction(d, 256, new PolicyRandom(Stream(seed, 7)));
        _measured = new bool[_spec.Count];
        _measuredIn = new int[_spec.RegionCount];
        _visited = new bool[_spec.RegionCount];
        _regions = new RegionInfo[_spec.RegionCount];
        _run = new SimulationRun(policy, seed, d, options.Iterations, _spec.Side, _spec.FovUm);
    }

    /// <summary>The specimen.</summary>
    public SimulatedSpecimen Specimen => _spec;

    /// <summary>The ground truth.</summary>
    public SumOfGaussians Truth => _truth;

    /// <summary>Runs one campaign.</summary>
    public static SimulationRun Run(SimulationOptions options, SimulationPolicy policy, ulong seed) =>
        new CampaignSimulator(options, policy, seed).Run();

    /// <summary>
    /// Runs <see cref="SimulationOptions.Iterations"/> measurements, then goes on (up to <paramref name="maxIterations"/>)
    /// until the mean abs error is ≤ <paramref name="targetError"/>: the time to a target is then known even when a
    /// policy needs more measurements than planned. Final figures stay at the planned iteration
    /// (<see cref="SimulationRun.PlannedIterations"/>).
    /// </summary>
    public static SimulationRun RunToTarget(SimulationOptions options, SimulationPolicy policy, ulong seed, double targetError, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sim = new CampaignSimulator(options with { Iterations = Math.Max(maxIterations, options.Iterations) }, policy, seed)
        {
            _planned = options.Iterations,
            _stopBelow = targetError,
        };
        sim._run.PlannedIterations = options.Iterations;
        return sim.Run();
    }

    /// <summary>Runs the campaign to <see cref="SimulationOptions.Iterations"/> measurements or until the area is exhausted.</summary>
    public SimulationRun Run()
    {
        Enter(_spec.CentralRegion);
        while (_iteration < _o.Iterations)
        {
            if (_iteration >= _planned && (double.IsNaN(_stopBelow) || _reached))
                break;
            RefreshCandidates();
            if (_iteration < _o.SeedParticles)
            {
                if (_candidates.Count == 0)
                {
                    int r = NearestRegion(unvisitedOnly: false);
                    if (r < 0) break;
                    Enter(r);
                    continue;
                }
                Measure(_candidates[_seedRng.NextInt(_candidates.Count)]);
                continue;
            }
            if (_kind == SimulationPolicy.Nearest)
            {
                if (_candidates.Count == 0)
                {
                    int r = NearestRegion(unvisitedOnly: true);
                    if (r < 0) break;
                    Enter(r);
                    continue;
                }
                Measure(_candidates[NearestCandidate()]);
                continue;
            }
            if (_candidates.Count == 0 && NearestRegion(unvisitedOnly: false) < 0) break;
            PolicyDecision decision = Decide();
            // As the runner: a region just paid for with a stage move is not left before one measurement there.
            if (decision.Kind == DecisionKind.SwitchRegion && _candidates.Count > 0 && _sinceArrival == 0)
                decision = decision with { Kind = DecisionKind.MeasureCandidate };
            if (decision.Kind == DecisionKind.SwitchRegion)
            {
                if (decision.DestinationRegion < 0) break;
                Enter(decision.DestinationRegion);
                continue;
            }
            int pick = _kind switch
            {
                SimulationPolicy.Random => _choiceRng.NextInt(_candidates.Count),
                SimulationPolicy.Ours => _ivr!.SelectBest(_policy.Surrogate, _candComps.AsSpan(0, _candidates.Count * _o.Dimensions),
                    _o.OursInputNoise ? _candSigma.AsSpan(0, _candidates.Count) : default),
                _ => decision.CandidateIndex,
            };
            Measure(_candidates[pick]);
        }
        _run.Iterations = _iteration;
        if (!_snapshotTaken) SnapshotFractions();
        return _run;
    }

    /// <summary>Fractions measured per region, in first-visit order, at the planned end of the campaign.</summary>
    private void SnapshotFractions()
    {
        _snapshotTaken = true;
        foreach (int r in _firstVisitOrder)
        {
            int total = _spec.ParticlesIn(r).Length;
            _run.MeasuredFractionByVisitOrder.Add(total == 0 ? 0 : (double)_measuredIn[r] / total);
        }
    }

    private PolicyDecision Decide()
    {
        int d = _o.Dimensions;
        int n = _candidates.Count;
        for (int r = 0; r < _regions.Length; r++)
        {
            var (x, y) = _spec.Center(r);
            int remaining = _visited[r] ? OpenCount(r) : 0;
            double best = _visited[r] && remaining > 0 && r != _current ? _policy.BestAcquisition(RemainingCompositions(r, remaining)) : double.NaN;
            _regions[r] = new RegionInfo(r, x, y, _visited[r], _visited[r] ? remaining : 0, best);
        }
        int total = n + _measuredIn[_current];
        var context = new DecisionContext
        {
            CandidateCompositions = _candComps.AsSpan(0, n * d),
            CandidateDistancesUm = _candDist.AsSpan(0, n),
            MeasuredInRegion = total - n,
            TotalInRegion = total,
            DensityPerUm2 = _particlesSeen / (_firstVisitOrder.Count * _spec.FovUm * _spec.FovUm),
            RegionAreaUm2 = _spec.FovUm * _spec.FovUm,
            Regions = _regions,
            CurrentRegion = _current,
            MeasuredCompositions = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_measuredComps),
        };
        return _policy.Decide(in context);
    }

    /// <summary>Unmeasured, and for <see cref="SimulationPolicy.Ours"/> precise enough (σ_tot within the
    /// <see cref="SimulationOptions.OursSigmaQuantile"/> quantile of the particles surveyed so far).</summary>
    private bool Open(int p) => !_measured[p] && _spec.SigmaTotal(p) <= _sigmaThreshold;

    private int OpenCount(int region)
    {
        int n = 0;
        foreach (int p in _spec.ParticlesIn(region)) if (Open(p)) n++;
        return n;
    }

    private void RefreshCandidates()
    {
        int d = _o.Dimensions;
        _candidates.Clear();
        if (_kind == SimulationPolicy.Ours && _o.OursSigmaQuantile < 1 && _sigmaSeen.Count > 0)
            _sigmaThreshold = _sigmaSeen[Math.Min((int)(_o.OursSigmaQuantile * _sigmaSeen.Count), _sigmaSeen.Count - 1)];
        foreach (int p in _spec.ParticlesIn(_current))
            if (Open(p)) _candidates.Add(p);
        int n = _candidates.Count;
        if (_candComps.Length < n * d) _candComps = new double[2 * n * d];
        if (_candDist.Length < n) { _candDist = new double[2 * n]; _candSigma = new double[2 * n]; }
        var (cx, cy) = _spec.Center(_current);
        for (int i = 0; i < n; i++)
        {
            int p = _candidates[i];
            _spec.MeasuredComposition(p).CopyTo(_candComps.AsSpan(i * d, d));
            var (x, y) = _spec.Position(p);
            _candDist[i] = MotionCostModel.DistanceUm(x - cx, y - cy);
            _candSigma[i] = _spec.SigmaTotal(p);
        }
    }

    private ReadOnlySpan<double> RemainingCompositions(int region, int remaining)
    {
        int d = _o.Dimensions;
        if (_scratch.Length < remaining * d) _scratch = new double[2 * remaining * d];
        int k = 0;
        foreach (int p in _spec.ParticlesIn(region))
            if (Open(p)) _spec.MeasuredComposition(p).CopyTo(_scratch.AsSpan(k++ * d, d));
        return _scratch.AsSpan(0, remaining * d);
    }

    private void Enter(int region)
    {
        if (_current >= 0)
        {
            var (x0, y0) = _spec.Center(_current);
            var (x1, y1) = _spec.Center(region);
            _t += MotionCostModel.DistanceUm(x1 - x0, y1 - y0) / _o.StageSpeedUmPerS;
        }
        _t += _o.RetuneSeconds + _o.OverheadSeconds;
        if (!_visited[region])
        {
            _t += _o.EdxFrameSeconds;
            _visited[region] = true;
            _firstVisitOrder.Add(region);
            _particlesSeen += _spec.ParticlesIn(region).Length;
            foreach (int p in _spec.ParticlesIn(region))
            {
                double st = _spec.SigmaTotal(p);
                int at = _sigmaSeen.BinarySearch(st);
                _sigmaSeen.Insert(at < 0 ? ~at : at, st);
            }
        }
        _current = region;
        _sinceArrival = 0;
        (_beamX, _beamY) = _spec.Center(region);
        _run.Visits.Add(new RegionVisit(region, _iteration, _t));
    }

    private void Measure(int particle)
    {
        int d = _o.Dimensions;
        _t += _o.OverheadSeconds + _o.EelsSeconds;
        _measured[particle] = true;
        _measuredIn[_current]++;
        _sinceArrival++;
        ReadOnlySpan<double> c = _spec.MeasuredComposition(particle);
        double y = _truth.Evaluate(_spec.TrueComposition(particle));
        _policy.AddObservation(c, y, _spec.SigmaTotal(particle));
        foreach (double v in c) _measuredComps.Add(v);
        (_beamX, _beamY) = _spec.Position(particle);

        int i = _iteration++;
        _policy.PredictMany(_eval, _evalMean, _evalVar);
        double sSum = 0, eSum = 0;
        for (int j = 0; j < _evalTruth.Length; j++)
        {
            sSum += Math.Sqrt(_evalVar[j]);
            eSum += Math.Abs(_evalMean[j] - _evalTruth[j]);
        }
        _run.MeanSigma[i] = sSum / _evalTruth.Length;
        _run.MeanAbsError[i] = eSum / _evalTruth.Length;
        if (_run.MeanAbsError[i] <= _stopBelow) _reached = true;
        if (_iteration == _planned) SnapshotFractions();
        _run.InstrumentSeconds[i] = _t;
        _run.Region[i] = _current;
        _run.Particle[i] = particle;
        _run.XUm[i] = _beamX;
        _run.YUm[i] = _beamY;
        c.CopyTo(_run.Compositions.AsSpan(i * d, d));
    }

    private int NearestCandidate()
    {
        int best = 0;
        double bestD = double.PositiveInfinity;
        for (int i = 0; i < _candidates.Count; i++)
        {
            var (x, y) = _spec.Position(_candidates[i]);
            double dd = (x - _beamX) * (x - _beamX) + (y - _beamY) * (y - _beamY);
            if (dd < bestD) { bestD = dd; best = i; }
        }
        return best;
    }

    /// <summary>Nearest region (Euclidean between centres, ties to the lower index) never visited, or (unless
    /// <paramref name="unvisitedOnly"/>) visited with particles left; −1 if none.</summary>
    private int NearestRegion(bool unvisitedOnly)
    {
        var (cx, cy) = _spec.Center(_current);
        int best = -1;
        double bestD = double.PositiveInfinity;
        for (int r = 0; r < _spec.RegionCount; r++)
        {
            if (r == _current) continue;
            bool open = !_visited[r] || (!unvisitedOnly && OpenCount(r) > 0);
            if (!open) continue;
            var (x, y) = _spec.Center(r);
            double dd = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if (dd < bestD) { bestD = dd; best = r; }
        }
        return best;
    }

    /// <summary>An independent stream per purpose (SplitMix64 of seed and stream number).</summary>
    internal static ulong Stream(ulong seed, ulong stream)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * (stream + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
