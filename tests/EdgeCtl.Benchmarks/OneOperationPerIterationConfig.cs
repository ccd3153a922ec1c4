using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// A latency-distribution job: one invocation per iteration (so each iteration time is one operation), no pilot or
/// overhead stage, no outlier removal (the tail is what is measured); columns for the given percentiles and Max, and
/// allocations per operation. Only this job runs: a command-line job (make bench passes --job short: 3 iterations,
/// no tail) is filtered out.
/// </summary>
internal abstract class OneOperationPerIterationConfig : ManualConfig
{
    protected OneOperationPerIterationConfig(string jobId, int warmups, int iterations, params int[] percentiles)
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithOutlierMode(OutlierMode.DontRemove)
            .WithId(jobId));
        foreach (int p in percentiles) AddColumn(new PercentileColumn(p));
        AddColumn(StatisticColumn.Max);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddFilter(new SimpleFilter(c => c.Job.Id == jobId));
    }
}
