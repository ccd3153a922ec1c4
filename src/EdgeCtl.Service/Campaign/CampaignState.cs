using EdgeCtl.Policy;
using EdgeCtl.Service.Store;

namespace EdgeCtl.Service.Campaign;

/// <summary>
/// What the campaign knows between iterations: regions visited and their particles, which
/// particles are measured, the GP policy, and the figures of merit. Rebuilt from the store on a
/// restart (<see cref="Restore"/>), so it holds nothing the store does not.
/// </summary>
public sealed class CampaignState
{
    private readonly Dictionary<int, List<SurveyedParticle>> _regionParticles = [];
    private readonly HashSet<int> _visited = [];
    private readonly List<double> _measuredCompositions = [];
    private readonly int _dims;
    private readonly double[] _evaluation;
    private readonly double[] _truth;
    private double[] _candidateCompositions = new double[64];
    private double[] _candidateDistances = new double[16];
    private double[] _scratch = new double[64];
    private readonly RegionInfo[] _regions;
    private long _particlesSeen;
    private int _regionsSurveyed;

    /// <summary>A fresh state.</summary>
    /// <param name="grid">Region grid of the accessible area.</param>
    /// <param name="policy">The BO policy (GP + acquisition + motion cost + switching).</param>
    /// <param name="evaluationFlat">Fixed evaluation compositions, n × D flat.</param>
    /// <param name="truth">Ground truth at the evaluation points, or empty when unknown.</param>
    public CampaignState(RegionGrid grid, CampaignPolicy policy, double[] evaluationFlat, double[] truth)
    {
        Grid = grid;
        Policy = policy;
        _dims = policy.Dimensions;
        _evaluation = evaluationFlat;
        _truth = truth;
        _regions = new RegionInfo[grid.Count];
    }

    /// <summary>The region grid.</summary>
    public RegionGrid Grid { get; }
    /// <summary>The BO policy.</summary>
    public CampaignPolicy Policy { get; }
    /// <summary>EELS measurements recorded so far.</summary>
    public int Iteration { get; private set; }
    /// <summary>Region the stage is in, -1 before the first visit.</summary>
    public int CurrentRegion { get; private set; } = -1;
    /// <summary>Region visits recorded so far.</summary>
    public int VisitCount { get; private set; }
    /// <summary>Distinct regions visited.</summary>
    public int RegionsVisited => _visited.Count;
    /// <summary>Unmeasured particles of the current region (after <see cref="RefreshCandidates"/>).</summary>
    public List<SurveyedParticle> Candidates { get; } = [];
    /// <summary>Metrics per iteration, in order.</summary>
    public List<IterationMetricsRecord> Metrics { get; } = [];
    /// <summary>True when ground truth is known (HIL rig), so abs error is reported.</summary>
    public bool HasTruth => _truth.Length > 0;
    /// <summary>Measurements made since the stage arrived in the current region.</summary>
    public int MeasuredSinceArrival { get; private set; }
    /// <summary>Last error worth showing in the status, or null.</summary>
    public string? LastError { get; set; }

    /// <summary>True when <paramref name="region"/> has been surveyed (overview + EDX) before.</summary>
    public bool HasSurveyed(int region) => _regionParticles.ContainsKey(region);

    /// <summary>Takes a recorded visit into the state.</summary>
    public void AddVisit(RegionVisitRecord visit, IReadOnlyList<ParticleRecord> particles)
    {
        VisitCount = visit.VisitSeq + 1;
        CurrentRegion = visit.RegionIndex;
        MeasuredSinceArrival = 0;
        _visited.Add(visit.RegionIndex);
        if (!_regionParticles.ContainsKey(visit.RegionIndex) && (particles.Count > 0 || visit.OverviewOk))
        {
            var list = new List<SurveyedParticle>(particles.Count);
            foreach (var p in particles) list.Add(new SurveyedParticle(p, visit.RegionIndex));
            _regionParticles[visit.RegionIndex] = list;
            _particlesSeen += particles.Count;
            _regionsSurveyed++;
        }
        if (!visit.OverviewOk) LastError = visit.Error;
    }

    /// <summary>Updates the GP with a measured target at the particle's composition and its EDX σ_tot (used when
    /// Policy:ModelCompositionUncertainty or Policy:GradientInputNoise is on).</summary>
    public void Observe(SurveyedParticle particle, double target) =>
        Policy.AddObservation(particle.Record.Composition, target, particle.Record.SigmaTotal);

    /// <summary>Marks the particle measured once its measurement is recorded.</summary>
    public void Commit(SurveyedParticle particle, IterationMetricsRecord metrics)
    {
        particle.Measured = true;
        _measuredCompositions.AddRange(particle.Record.Composition);
        Metrics.Add(metrics);
        Iteration = metrics.Iteration;
        MeasuredSinceArrival++;
    }

    /// <summary>Rebuilds <see cref="Candidates"/>: the unmeasured particles of the current region.</summary>
    public void RefreshCandidates()
    {
        Candidates.Clear();
        if (CurrentRegion >= 0 && _regionParticles.TryGetValue(CurrentRegion, out var list))
            foreach (var p in list)
                if (!p.Measured) Candidates.Add(p);
    }

    /// <summary>The policy's decision for the current region (eqs 4–17).</summary>
    public PolicyDecision Decide()
    {
        int n = Candidates.Count;
        if (_candidateCompositions.Length < n * _dims) _candidateCompositions = new double[2 * n * _dims];
        if (_candidateDistances.Length < n) _candidateDistances = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            Candidates[i].Record.Composition.AsSpan().CopyTo(_candidateCompositions.AsSpan(i * _dims, _dims));
            _candidateDistances[i] = Candidates[i].DistanceFromCenterUm;
        }
        for (int r = 0; r < _regions.Length; r++)
        {
            var (x, y) = Grid.Center(r);
            bool visited = _visited.Contains(r);
            int remaining = Remaining(r);
            // A visited region's worth is what its known unmeasured particles are worth now, not a prior guess.
            double best = visited && remaining > 0 && r != CurrentRegion ? Policy.BestAcquisition(RemainingCompositions(r, remaining)) : double.NaN;
            _regions[r] = new RegionInfo(r, x, y, visited, remaining, best);
        }
        int total = _regionParticles.TryGetValue(CurrentRegion, out var here) ? here.Count : 0;
        var context = new DecisionContext
        {
            CandidateCompositions = _candidateCompositions.AsSpan(0, n * _dims),
            CandidateDistancesUm = _candidateDistances.AsSpan(0, n),
            MeasuredInRegion = total - n,
            TotalInRegion = total,
            DensityPerUm2 = DensityPerUm2,
            RegionAreaUm2 = Grid.RegionAreaUm2,
            Regions = _regions,
            CurrentRegion = CurrentRegion,
            MeasuredCompositions = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_measuredCompositions),
        };
        return Policy.Decide(in context);
    }

    /// <summary>Particle density seen so far, µm⁻² (eq 11's ρ); a small prior before any survey.</summary>
    public double DensityPerUm2 => _regionsSurveyed == 0 ? 0.01 : Math.Max(1e-6, (double)_particlesSeen / (_regionsSurveyed * Grid.RegionAreaUm2));

    /// <summary>For the seed phase: the nearest region that still has unmeasured particles or was never visited, -1 if none.</summary>
    public int NearestRegionWithCandidatesOrUnvisited()
    {
        var (cx, cy) = Grid.Center(Math.Max(CurrentRegion, 0));
        int best = -1;
        double bestD = double.PositiveInfinity;
        for (int r = 0; r < Grid.Count; r++)
        {
            if (r == CurrentRegion || (_visited.Contains(r) && Remaining(r) == 0)) continue;
            var (x, y) = Grid.Center(r);
            double d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
            if (d < bestD) { bestD = d; best = r; }
        }
        return best;
    }

    /// <summary>Mean predictive σ over the evaluation set.</summary>
    public double MeanPredictiveSigma() => Policy.MeanPredictiveSigma(_evaluation);

    /// <summary>Mean |μ(c) − truth(c)| over the evaluation set, or null without ground truth.</summary>
    public double? MeanAbsoluteError()
    {
        if (!HasTruth) return null;
        double sum = 0;
        int n = _truth.Length;
        for (int i = 0; i < n; i++)
        {
            Policy.Predict(_evaluation.AsSpan(i * _dims, _dims), out double mean, out _);
            sum += Math.Abs(mean - _truth[i]);
        }
        return sum / n;
    }

    private ReadOnlySpan<double> RemainingCompositions(int region, int remaining)
    {
        if (_scratch.Length < remaining * _dims) _scratch = new double[2 * remaining * _dims];
        int k = 0;
        foreach (var p in _regionParticles[region])
            if (!p.Measured) p.Record.Composition.AsSpan().CopyTo(_scratch.AsSpan(k++ * _dims, _dims));
        return _scratch.AsSpan(0, remaining * _dims);
    }

    private int Remaining(int region)
    {
        if (!_regionParticles.TryGetValue(region, out var list)) return 0;
        int n = 0;
        foreach (var p in list) if (!p.Measured) n++;
        return n;
    }

    /// <summary>
    /// Rebuilds the state of campaign <paramref name="campaignId"/> from the store: visits and their
    /// particles, then every measurement replayed into the GP in iteration order.
    /// </summary>
    public static CampaignState Restore(CampaignStore store, string campaignId, RegionGrid grid, CampaignPolicy policy,
        double[] evaluationFlat, double[] truth)
    {
        var s = new CampaignState(grid, policy, evaluationFlat, truth);
        var byId = new Dictionary<long, SurveyedParticle>();
        foreach (var visit in store.LoadRegionVisits(campaignId))
        {
            var particles = store.LoadParticles(visit.Id);
            s.AddVisit(visit, particles);
            if (s._regionParticles.TryGetValue(visit.RegionIndex, out var list))
                foreach (var p in list) byId[p.Record.Id] = p;
        }
        var metrics = store.LoadMetrics(campaignId);
        var measurements = store.LoadMeasurements(campaignId);
        for (int i = 0; i < measurements.Count; i++)
        {
            var m = measurements[i];
            if (!byId.TryGetValue(m.ParticleId, out var particle))
                throw new CampaignStoreException($"Measurement {m.Iteration} refers to particle {m.ParticleId}, which no recorded region holds.");
            s.Observe(particle, m.Target);
            s.Commit(particle, metrics[i]);
        }
        return s;
    }
}
