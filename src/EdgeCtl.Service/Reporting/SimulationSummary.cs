using System.Text.Json.Serialization;
using EdgeCtl.Policy.Simulation;

namespace EdgeCtl.Service.Reporting;

/// <summary>Mean and 10th/90th percentiles over seeds; null where undefined (no seed reached a target).</summary>
public sealed record SimulationSpread(double? Mean, double? P10, double? P90)
{
    /// <summary>From a <see cref="Spread"/>.</summary>
    public static SimulationSpread From(Spread s) => new(Finite(s.Mean), Finite(s.P10), Finite(s.P90));

    internal static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

/// <summary>
/// One policy's line of <c>edgectl simulate --json</c>: instrument seconds to reach the paper policy's final mean
/// abs error on the same seed (over the seeds that reached it), final mean abs error and mean σ, total instrument
/// time, and the mean fraction of particles measured in the k-th region visited.
/// </summary>
public sealed record SimulationPolicySummary(
    string Policy,
    int Dims,
    int Iterations,
    int Seeds,
    int Gaussians,
    SimulationSpread InstrumentSecondsToTarget,
    int SeedsReachingTarget,
    double? TimeRatioToPaper,
    SimulationSpread FinalAbsError,
    SimulationSpread FinalMeanSigma,
    SimulationSpread TotalInstrumentSeconds,
    double MeanRegionsVisited,
    double[] MeasuredFractionPerRegion)
{
    /// <summary>Summaries of a comparison, in its order; the ratio is mean time to target over the paper's.</summary>
    public static SimulationPolicySummary[] From(IReadOnlyList<PolicyResult> results, SimulationOptions options)
    {
        var paper = results.FirstOrDefault(r => r.Policy == SimulationPolicy.Paper);
        double paperMean = paper?.InstrumentSecondsToTarget.Mean ?? double.NaN;
        var list = new SimulationPolicySummary[results.Count];
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var t = r.InstrumentSecondsToTarget;
            list[i] = new SimulationPolicySummary(r.Policy.Name(), options.Dimensions, options.Iterations, r.Runs.Length, options.Gaussians,
                SimulationSpread.From(t), r.SeedsReachingTarget, SimulationSpread.Finite(t.Mean / paperMean),
                SimulationSpread.From(r.FinalAbsError), SimulationSpread.From(r.FinalMeanSigma), SimulationSpread.From(r.TotalSeconds),
                r.Runs.Average(x => x.MeasuredFractionByVisitOrder.Count),
                [.. r.MeasuredFractionPerRegion.Select(f => Math.Round(f, 4))]);
        }
        return list;
    }
}

/// <summary>Source-generated JSON for <c>simulate</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SimulationPolicySummary))]
public sealed partial class SimulationJsonContext : JsonSerializerContext;
