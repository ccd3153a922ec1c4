using BenchmarkDotNet.Attributes;
using EdgeCtl.Policy;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// Acquisition scoring over 1000 candidates, per <see cref="AcquisitionKind"/> (target: 0 B allocated):
/// <see cref="AcquisitionFunction.Evaluate"/> from given means and variances, and
/// <see cref="CampaignPolicy.BestAcquisition"/> (GP prediction at 300 observations in 5D, then the same scoring).
/// </summary>
[MemoryDiagnoser]
public class AcquisitionBenchmarks
{
    private const int Candidates = 1000;

    [Params(AcquisitionKind.MaxUncertainty, AcquisitionKind.UpperConfidenceBound, AcquisitionKind.ExpectedImprovement)]
    public AcquisitionKind Kind { get; set; }

    private double[] _mean = null!, _variance = null!, _result = null!, _compositions = null!;
    private CampaignPolicy _policy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new PolicyRandom(5);
        _mean = new double[Candidates];
        _variance = new double[Candidates];
        _result = new double[Candidates];
        for (int i = 0; i < Candidates; i++)
        {
            _mean[i] = 2 * rng.NextDouble() - 1;
            _variance[i] = 0.5 * rng.NextDouble();
        }
        var measured = PolicyScene.Points(PolicyScene.Observations, 1);
        _policy = CampaignPolicy.Import(PolicyScene.State(measured), PolicyScene.Options with { Acquisition = Kind }, 42);
        _compositions = PolicyScene.Points(Candidates, 6);
        _policy.BestAcquisition(_compositions);
    }

    [Benchmark]
    public double Evaluate()
    {
        AcquisitionFunction.Evaluate(Kind, _mean, _variance, 0.8, 4.0, 0.01, _result);
        return _result[Candidates - 1];
    }

    [Benchmark]
    public double BestAcquisition() => _policy.BestAcquisition(_compositions);
}
