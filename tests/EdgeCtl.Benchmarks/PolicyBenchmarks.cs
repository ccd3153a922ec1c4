using BenchmarkDotNet.Attributes;
using EdgeCtl.Policy;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// Builds the steady-state scene of the paper's 5D simulation: 300 observations, a FoV with 20 unmeasured
/// candidates, a 10 × 10 grid of 30 µm regions, a 2048-composition switch bank.
/// </summary>
internal static class PolicyScene
{
    public const int D = 5, Observations = 300, Candidates = 20;

    public static readonly PolicyOptions Options = new() { SwitchBankSize = 2048, RefitEvery = int.MaxValue };

    public static double Target(ReadOnlySpan<double> c) => Math.Sin(6 * c[0]) + Math.Cos(4 * c[1]) * c[2] + 0.3 * c[3];

    public static double[] Points(int count, ulong seed)
    {
        var rng = new PolicyRandom(seed);
        var x = new double[count * D];
        for (int i = 0; i < count; i++) rng.NextSimplexPoint(x.AsSpan(i * D, D));
        return x;
    }

    public static GpState State(double[] measured)
    {
        var y = new double[measured.Length / D];
        for (int i = 0; i < y.Length; i++) y[i] = Target(measured.AsSpan(i * D, D));
        return new GpState(D, Options.Kernel, new GpHyperparameters(0.3, 1.0, 1e-3), true, measured, y);
    }

    public static RegionInfo[] Regions()
    {
        var r = new RegionInfo[100];
        for (int i = 0; i < 100; i++)
            r[i] = new RegionInfo(i, (i % 10 + 0.5) * 30, (i / 10 + 0.5) * 30, i < 30, i < 30 ? i % 7 : 0);
        return r;
    }
}

/// <summary>One <see cref="CampaignPolicy.Decide"/> at 300 observations in 5D (target: 0 B allocated).</summary>
[MemoryDiagnoser]
public class PolicyDecideBenchmarks
{
    private CampaignPolicy _policy = null!;
    private double[] _measured = null!, _candidates = null!, _distances = null!;
    private RegionInfo[] _regions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _measured = PolicyScene.Points(PolicyScene.Observations, 1);
        _policy = CampaignPolicy.Import(PolicyScene.State(_measured), PolicyScene.Options, 42);
        _candidates = PolicyScene.Points(PolicyScene.Candidates, 2);
        _distances = new double[PolicyScene.Candidates];
        var rng = new PolicyRandom(3);
        for (int i = 0; i < _distances.Length; i++) _distances[i] = 15 * rng.NextDouble();
        _regions = PolicyScene.Regions();
    }

    [Benchmark]
    public PolicyDecision Decide() => _policy.Decide(new DecisionContext(
        _candidates, _distances, 5, 25, 0.02, 900, _regions, 44, _measured));
}

/// <summary>
/// Incremental <see cref="CampaignPolicy.AddObservation(ReadOnlySpan{double}, double)"/> from 300 observations in 5D (no refit), alone and
/// followed by a <see cref="CampaignPolicy.Decide"/> (one loop iteration: the switch bank's cached solves gain a row).
/// Each iteration starts from a fresh import, so n stays 300..332.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class PolicyAddObservationBenchmarks
{
    private const int Batch = 32;
    private GpState _state = null!;
    private double[] _next = null!, _measured = null!, _candidates = null!, _distances = null!;
    private RegionInfo[] _regions = null!;
    private CampaignPolicy _policy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var seedPoints = PolicyScene.Points(PolicyScene.Observations, 1);
        _state = PolicyScene.State(seedPoints);
        _next = PolicyScene.Points(Batch, 9);
        _measured = [.. seedPoints, .. _next];
        _candidates = PolicyScene.Points(PolicyScene.Candidates, 2);
        _distances = new double[PolicyScene.Candidates];
        for (int i = 0; i < _distances.Length; i++) _distances[i] = 0.7 * i;
        _regions = PolicyScene.Regions();
    }

    [IterationSetup]
    public void Reset()
    {
        _policy = CampaignPolicy.Import(_state, PolicyScene.Options, 42);
        _policy.Decide(Context(PolicyScene.Observations)); // warm the bank cache at n = 300
    }

    private DecisionContext Context(int measuredRows) => new(
        _candidates, _distances, 5, 25, 0.02, 900, _regions, 44, _measured.AsSpan(0, measuredRows * PolicyScene.D));

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ObserveThenDecide()
    {
        int s = 0;
        for (int i = 0; i < Batch; i++)
        {
            ReadOnlySpan<double> c = _next.AsSpan(i * PolicyScene.D, PolicyScene.D);
            _policy.AddObservation(c, PolicyScene.Target(c));
            s += _policy.Decide(Context(PolicyScene.Observations + i + 1)).CandidateIndex;
        }
        return s;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int AddObservation()
    {
        for (int i = 0; i < Batch; i++)
        {
            ReadOnlySpan<double> c = _next.AsSpan(i * PolicyScene.D, PolicyScene.D);
            _policy.AddObservation(c, PolicyScene.Target(c));
        }
        return _policy.ObservationCount;
    }
}
