namespace EdgeCtl.Policy.Simulation;

/// <summary>Mean and the 10th/90th percentiles of a sample (NaN when empty).</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P10">10th percentile (linear interpolation).</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Count">Finite values the statistics are over.</param>
public readonly record struct Spread(double Mean, double P10, double P90, int Count)
{
    /// <summary>Statistics of the finite values of <paramref name="values"/>.</summary>
    public static Spread Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).OrderBy(x => x).ToArray();
        if (v.Length == 0) return new Spread(double.NaN, double.NaN, double.NaN, 0);
        return new Spread(v.Average(), Percentile(v, 0.1), Percentile(v, 0.9), v.Length);
    }

    private static double Percentile(double[] sorted, double p)
    {
        double pos = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

/// <summary>One policy's results over all seeds of a <see cref="PolicyComparison"/>.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Runs">One run per seed, in seed order.</param>
/// <param name="SecondsToTarget">Per seed: instrument seconds until the mean abs error first reached the paper policy's
/// final mean abs error on the same seed; NaN if it did not within <see cref="PolicyComparison.ExtensionFactor"/> × the plan.</param>
public sealed record PolicyResult(SimulationPolicy Policy, SimulationRun[] Runs, double[] SecondsToTarget)
{
    /// <summary>Spread of <see cref="SecondsToTarget"/> over the seeds that reached the target.</summary>
    public Spread InstrumentSecondsToTarget => Spread.Of(SecondsToTarget);

    /// <summary>Seeds that reached the target.</summary>
    public int SeedsReachingTarget => SecondsToTarget.Count(double.IsFinite);

    /// <summary>Final mean abs error over seeds.</summary>
    public Spread FinalAbsError => Spread.Of(Runs.Select(r => r.FinalIndex < 0 ? double.NaN : r.MeanAbsError[r.FinalIndex]));

    /// <summary>Final mean predictive σ over seeds.</summary>
    public Spread FinalMeanSigma => Spread.Of(Runs.Select(r => r.FinalIndex < 0 ? double.NaN : r.MeanSigma[r.FinalIndex]));

    /// <summary>Total instrument seconds over seeds.</summary>
    public Spread TotalSeconds => Spread.Of(Runs.Select(r => r.TotalSeconds));

    /// <summary>Mean over seeds of the fraction measured in the k-th region visited (k = 0, 1, …; seeds with fewer regions drop out).</summary>
    public double[] MeasuredFractionPerRegion
    {
        get
        {
            int k = Runs.Length == 0 ? 0 : Runs.Max(r => r.MeasuredFractionByVisitOrder.Count);
            var f = new double[k];
            for (int i = 0; i < k; i++)
                f[i] = Runs.Where(r => r.MeasuredFractionByVisitOrder.Count > i).Average(r => r.MeasuredFractionByVisitOrder[i]);
            return f;
        }
    }
}

/// <summary>
/// Runs several policies on identical seeds (same specimen, ground truth, evaluation set and seed particles per seed)
/// and scores each by the instrument time it needs to reach the paper policy's final mean abs error (issue 4's
/// headline); a policy that has not reached it at the planned iteration goes on, up to <see cref="ExtensionFactor"/>
/// times the plan, so slow policies are timed rather than dropped. Seeds run in parallel; each run is independent and deterministic, and results are stored by seed
/// index, so the outcome does not depend on scheduling.
/// </summary>
public static class PolicyComparison
{
    /// <summary>A policy may run up to this many times the planned measurements to reach the paper's final error.</summary>
    public const int ExtensionFactor = 2;

    /// <summary>Runs every policy on seeds <paramref name="firstSeed"/> … + <paramref name="seeds"/> − 1.</summary>
    /// <param name="options">Campaign settings shared by all runs.</param>
    /// <param name="policies">Policies to compare; <see cref="SimulationPolicy.Paper"/> is run as the reference even if absent.</param>
    /// <param name="seeds">Number of seeds ≥ 1.</param>
    /// <param name="firstSeed">First seed.</param>
    /// <param name="maxParallelism">Worker threads (≥ 1).</param>
    /// <returns>One result per requested policy, in the requested order.</returns>
    public static IReadOnlyList<PolicyResult> Run(SimulationOptions options, IReadOnlyList<SimulationPolicy> policies, int seeds,
        ulong firstSeed = 1, int maxParallelism = 2)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        options.Validate();
        var all = new List<SimulationPolicy> { SimulationPolicy.Paper };
        foreach (var p in policies) if (!all.Contains(p)) all.Add(p);
        var runs = new SimulationRun[all.Count, seeds];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism };
        // The paper's runs first: their final errors are the targets.
        Parallel.For(0, seeds, parallel, s => runs[0, s] = CampaignSimulator.Run(options, SimulationPolicy.Paper, firstSeed + (ulong)s));
        var target = new double[seeds];
        for (int s = 0; s < seeds; s++)
        {
            var paper = runs[0, s];
            target[s] = paper.FinalIndex < 0 ? double.NaN : paper.MeanAbsError[paper.FinalIndex];
        }
        // Then the others, each allowed up to twice the planned measurements to reach the paper's final error.
        Parallel.For(0, (all.Count - 1) * seeds, parallel, job =>
        {
            int p = 1 + job / seeds, s = job % seeds;
            runs[p, s] = CampaignSimulator.RunToTarget(options, all[p], firstSeed + (ulong)s, target[s], ExtensionFactor * options.Iterations);
        });
        var results = new List<PolicyResult>(policies.Count);
        foreach (var policy in policies)
        {
            int p = all.IndexOf(policy);
            var r = new SimulationRun[seeds];
            var t = new double[seeds];
            for (int s = 0; s < seeds; s++)
            {
                r[s] = runs[p, s];
                t[s] = r[s].SecondsToReach(target[s]);
            }
            results.Add(new PolicyResult(policy, r, t));
        }
        return results;
    }
}
