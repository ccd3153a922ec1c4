using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeCtl.Policy.Simulation;
using EdgeCtl.Service.Reporting;

namespace EdgeCtl.Service.Cli;

/// <summary>
/// <c>edgectl simulate</c>: the paper's simulation (section IV.3) in-process — the same <c>CampaignPolicy</c> as the
/// campaign, on a simulated specimen — for several policies on identical seeds, scored by the instrument time to
/// reach the paper policy's final mean abs error. <c>--json</c> prints one JSON object per policy per line.
/// </summary>
public static class SimulateVerb
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var dims = new Option<int>("--dims") { Description = "Number of elements D (2..8).", DefaultValueFactory = _ => 3 };
        var iterations = new Option<int?>("--iterations") { Description = "EELS measurements per campaign (default: 150 in 3D, 300 otherwise)." };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per policy (identical across policies).", DefaultValueFactory = _ => 20 };
        var firstSeed = new Option<ulong>("--first-seed") { Description = "First seed.", DefaultValueFactory = _ => 1 };
        var policies = new Option<string>("--policies") { Description = "Comma-separated: paper, random, nearest, nocost, ours.", DefaultValueFactory = _ => "paper,random,nearest,nocost,ours" };
        var gaussians = new Option<int>("--gaussians") { Description = "K, Gaussians in the ground truth (σ = 0.1).", DefaultValueFactory = _ => 10 };
        var edxSigma = new Option<double>("--edx-sigma") { Description = "Typical per-element EDX 1σ (atomic fraction) before eqs 2–3.", DefaultValueFactory = _ => 0.03 };
        var parallel = new Option<int>("--parallel") { Description = "Worker threads (results do not depend on it).", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per policy (one per line)." };
        var report = new Option<FileInfo?>("--report") { Description = "Write a self-contained HTML report to this file." };
        var assets = new Option<DirectoryInfo?>("--report-assets") { Description = "The report/ folder (template and node_modules/uplot); default: found above the working directory." };
        var cmd = new Command("simulate", "Reproduce the paper's simulation (IV.3) and compare policies on identical seeds.")
        {
            dims, iterations, seeds, firstSeed, policies, gaussians, edxSigma, parallel, json, report, assets,
        };
        cmd.SetAction(parse => Execute(parse.GetValue(dims), parse.GetValue(iterations), parse.GetValue(seeds), parse.GetValue(firstSeed),
            parse.GetValue(policies)!, parse.GetValue(gaussians), parse.GetValue(parallel), parse.GetValue(json), Console.Out, Console.Error,
            parse.GetValue(report)?.FullName, parse.GetValue(assets)?.FullName, parse.GetValue(edxSigma)));
        return cmd;
    }

    /// <summary>
    /// Runs the comparison, prints it and optionally writes the HTML report; returns the exit code (0; 2 for bad
    /// arguments or missing report assets, checked before simulating).
    /// </summary>
    public static int Execute(int dims, int? iterations, int seeds, ulong firstSeed, string policies, int gaussians, int parallel, bool json,
        TextWriter stdout, TextWriter stderr, string? reportPath = null, string? assetsDir = null, double edxSigma = 0.03)
    {
        string? assets = null;
        if (reportPath is not null)
        {
            try
            {
                assets = SimulationReport.LocateAssets(assetsDir);
            }
            catch (FileNotFoundException e)
            {
                stderr.WriteLine($"edgectl simulate: {e.Message}");
                return 2;
            }
        }
        SimulationOptions options;
        SimulationPolicy[] list;
        try
        {
            list = [.. policies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SimulationPolicyNames.Parse).Distinct()];
            if (list.Length == 0) throw new ArgumentException("--policies names no policy.");
            if (seeds < 1) throw new ArgumentOutOfRangeException(nameof(seeds), seeds, "--seeds must be ≥ 1.");
            if (parallel < 1) throw new ArgumentOutOfRangeException(nameof(parallel), parallel, "--parallel must be ≥ 1.");
            options = new SimulationOptions { Dimensions = dims, Iterations = iterations ?? (dims == 3 ? 150 : 300), Gaussians = gaussians, EdxSigma = edxSigma };
            options.Validate();
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"edgectl simulate: {e.Message}");
            return 2;
        }
        var sw = Stopwatch.StartNew();
        var results = PolicyComparison.Run(options, list, seeds, firstSeed, parallel);
        var summaries = SimulationPolicySummary.From(results, options);
        if (reportPath is not null)
        {
            try
            {
                SimulationReport.Write(reportPath, SimulationReport.BuildData(results, options), assets!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"edgectl simulate: cannot write the report {reportPath}: {e.Message}");
                return 1;
            }
            if (!json) stdout.WriteLine($"report: {reportPath}");
        }
        if (json)
        {
            foreach (var s in summaries) stdout.WriteLine(JsonSerializer.Serialize(s, SimulationJsonContext.Default.SimulationPolicySummary));
            return 0;
        }
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(inv, $"{dims}D, {options.Iterations} iterations, K = {gaussians}, EDX σ {edxSigma}, {seeds} seeds (from {firstSeed}), {sw.Elapsed.TotalSeconds:F1} s wall"));
        stdout.WriteLine("policy   time to paper's final error (s)    reached  ratio  final abs error  final mean σ  total (s)  regions");
        foreach (var s in summaries)
        {
            var t = s.InstrumentSecondsToTarget;
            stdout.WriteLine(string.Create(inv,
                $"{s.Policy,-8} {Fmt(t.Mean),7} [p10 {Fmt(t.P10),6}, p90 {Fmt(t.P90),6}]  {s.SeedsReachingTarget,3}/{s.Seeds,-3}  {Fmt(s.TimeRatioToPaper, "F2"),5}  {Fmt(s.FinalAbsError.Mean, "F4"),15}  {Fmt(s.FinalMeanSigma.Mean, "F4"),12}  {Fmt(s.TotalInstrumentSeconds.Mean),9}  {s.MeanRegionsVisited,7:F1}"));
        }
        return 0;
    }

    private static string Fmt(double? v, string format = "F0") => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "—";
}
