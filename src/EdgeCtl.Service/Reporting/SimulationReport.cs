using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeCtl.Policy.Simulation;

namespace EdgeCtl.Service.Reporting;

/// <summary>Curves of one policy over all seeds, for the report (null where undefined).</summary>
public sealed record SimulationReportCurves(
    string Policy,
    double?[] ErrorMean,
    double?[] SigmaMean,
    double?[] ErrorVsTimeMean,
    double?[] ErrorVsTimeP10,
    double?[] ErrorVsTimeP90,
    double[] MeasuredFractionPerRegion);

/// <summary>One seed's trace of one policy, for the paper's panels.</summary>
public sealed record SimulationReportExample(
    string Policy,
    ulong Seed,
    double[] X,
    double[] Y,
    double[] Compositions,
    int[] Region,
    double[] Error,
    double[] Sigma,
    double[] Seconds,
    int[] VisitRegions,
    double[] VisitCenterX,
    double[] VisitCenterY);

/// <summary>Everything the report page draws.</summary>
public sealed record SimulationReportData(
    int Dims,
    int Iterations,
    int Seeds,
    int Gaussians,
    string[] Elements,
    int RegionsPerSide,
    double FovUm,
    SimulationPolicySummary[] Summary,
    double[] TimeGrid,
    SimulationReportCurves[] Policies,
    SimulationReportExample[] Examples,
    double[] CapacityRadiusNm,
    double[] CapacityCount,
    int[] CapacityDimension);

/// <summary>Source-generated JSON for the report data.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SimulationReportData))]
public sealed partial class SimulationReportJsonContext : JsonSerializerContext;

/// <summary>
/// The self-contained HTML report of <c>edgectl simulate --report</c>: the template <c>report/simulation-template.html</c>
/// with uPlot (from <c>report/node_modules/uplot</c>, pinned in <c>report/package.json</c>, installed by
/// <c>scripts/setup-report.sh</c>) and the data inlined, so the page opens offline. Panels: error against instrument
/// time with spread, error and σ against iteration, fraction measured per region, and for one seed of the paper's and
/// our policy the real-space trajectory (stage path, FoV boxes), the composition trajectory on the simplex and σ/error
/// with region changes; and eq 1 / Fig. 1 (particle count and representable dimension against mean radius).
/// </summary>
public static class SimulationReport
{
    private const string TemplateName = "simulation-template.html";
    private const string UplotJs = "node_modules/uplot/dist/uPlot.iife.min.js";
    private const string UplotCss = "node_modules/uplot/dist/uPlot.min.css";

    /// <summary>
    /// The <c>report/</c> folder: <paramref name="explicitDir"/> if given, else the first <c>report</c> folder holding
    /// the template found upwards from the working directory or from the executable's directory.
    /// </summary>
    /// <exception cref="FileNotFoundException">No template, or uPlot not installed (the message says how to install it).</exception>
    public static string LocateAssets(string? explicitDir = null)
    {
        string? dir = explicitDir;
        if (dir is null)
        {
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            {
                for (var d = new DirectoryInfo(start); d is not null && dir is null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "report", TemplateName))) dir = Path.Combine(d.FullName, "report");
                if (dir is not null) break;
            }
        }
        if (dir is null || !File.Exists(Path.Combine(dir, TemplateName)))
            throw new FileNotFoundException($"Report template {TemplateName} not found (looked for report/ above the working directory and the executable); pass --report-assets DIR.");
        if (!File.Exists(Path.Combine(dir, UplotJs)))
            throw new FileNotFoundException($"uPlot is not installed in {dir}/node_modules: run scripts/setup-report.sh.");
        return dir;
    }

    /// <summary>Builds the page's data from a comparison.</summary>
    public static SimulationReportData BuildData(IReadOnlyList<PolicyResult> results, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        int planned = options.Iterations;
        double tMax = 0;
        foreach (var r in results) foreach (var run in r.Runs) tMax = Math.Max(tMax, run.TotalSeconds);
        const int gridPoints = 200;
        double t0 = 10;
        tMax = Math.Max(tMax, 2 * t0);
        var grid = new double[gridPoints];
        for (int i = 0; i < gridPoints; i++) grid[i] = Math.Round(t0 * Math.Pow(tMax / t0, i / (gridPoints - 1.0)), 2);

        var curves = new SimulationReportCurves[results.Count];
        for (int p = 0; p < results.Count; p++)
        {
            var runs = results[p].Runs;
            var errMean = new double?[planned];
            var sigMean = new double?[planned];
            for (int i = 0; i < planned; i++)
            {
                errMean[i] = MeanAt(runs, i, r => r.MeanAbsError);
                sigMean[i] = MeanAt(runs, i, r => r.MeanSigma);
            }
            var mean = new double?[gridPoints];
            var p10 = new double?[gridPoints];
            var p90 = new double?[gridPoints];
            var cursor = new int[runs.Length];
            var values = new List<double>(runs.Length);
            for (int g = 0; g < gridPoints; g++)
            {
                values.Clear();
                for (int s = 0; s < runs.Length; s++)
                {
                    var run = runs[s];
                    while (cursor[s] <= run.FinalIndex && run.InstrumentSeconds[cursor[s]] <= grid[g]) cursor[s]++;
                    if (cursor[s] > 0) values.Add(run.MeanAbsError[cursor[s] - 1]);
                }
                if (values.Count * 2 < runs.Length) continue; // fewer than half the seeds have a measurement yet
                var spread = Spread.Of(values);
                mean[g] = Math.Round(spread.Mean, 5);
                p10[g] = Math.Round(spread.P10, 5);
                p90[g] = Math.Round(spread.P90, 5);
            }
            curves[p] = new SimulationReportCurves(results[p].Policy.Name(), errMean, sigMean, mean, p10, p90,
                [.. results[p].MeasuredFractionPerRegion.Select(f => Math.Round(f, 4))]);
        }

        var examples = new List<SimulationReportExample>();
        foreach (var r in results)
            if (r.Policy is SimulationPolicy.Paper or SimulationPolicy.Ours) examples.Add(Example(r.Runs[0], options));
        if (examples.Count == 0) examples.Add(Example(results[0].Runs[0], options));

        string[] names = ["Au", "Co", "Ni"];
        var elements = new string[options.Dimensions];
        for (int i = 0; i < elements.Length; i++) elements[i] = options.Dimensions == 3 ? names[i] : $"E{i + 1}";
        var any = results[0].Runs[0];
        // Eq 1 / Fig. 1: A = 2.67 mm², φ = 0.5, σ = 0.3 μ, composition step 0.1; radii 10 nm … 2 µm.
        const int capPoints = 120;
        var radius = new double[capPoints];
        var count = new double[capPoints];
        var dim = new int[capPoints];
        for (int i = 0; i < capPoints; i++)
        {
            double rNm = 10 * Math.Pow(200, i / (capPoints - 1.0));
            radius[i] = Math.Round(rNm, 3);
            count[i] = Math.Round(Policy.LibraryCapacity.ExpectedParticleCount(2.67e6, 0.5, rNm / 1000, 0.3 * rNm / 1000));
            dim[i] = Policy.LibraryCapacity.RepresentableDimension(count[i]);
        }
        return new SimulationReportData(options.Dimensions, planned, results[0].Runs.Length, options.Gaussians, elements,
            any.RegionsPerSide, any.FovUm, SimulationPolicySummary.From(results, options), grid, curves, [.. examples], radius, count, dim);
    }

    /// <summary>Writes the self-contained page to <paramref name="path"/>.</summary>
    /// <param name="path">Output HTML file.</param>
    /// <param name="data">From <see cref="BuildData"/>.</param>
    /// <param name="assetsDir">From <see cref="LocateAssets"/>.</param>
    public static void Write(string path, SimulationReportData data, string assetsDir)
    {
        string template = File.ReadAllText(Path.Combine(assetsDir, TemplateName));
        string js = File.ReadAllText(Path.Combine(assetsDir, UplotJs));
        string css = File.ReadAllText(Path.Combine(assetsDir, UplotCss));
        // The default encoder escapes <, > and &, so the JSON cannot close its <script> element.
        string json = JsonSerializer.Serialize(data, SimulationReportJsonContext.Default.SimulationReportData);
        var page = new StringBuilder(template.Length + js.Length + json.Length + css.Length)
            .Append(template)
            .Replace("/*__UPLOT_CSS__*/", css)
            .Replace("/*__DATA__*/", json)
            .Replace("/*__UPLOT_JS__*/", js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase));
        File.WriteAllText(path, page.ToString(), new UTF8Encoding(false));
    }

    private static double? MeanAt(SimulationRun[] runs, int i, Func<SimulationRun, double[]> series)
    {
        double sum = 0;
        int n = 0;
        foreach (var r in runs)
            if (i <= r.FinalIndex) { sum += series(r)[i]; n++; }
        return n == 0 ? null : Math.Round(sum / n, 5);
    }

    private static SimulationReportExample Example(SimulationRun run, SimulationOptions options)
    {
        int n = run.FinalIndex + 1, d = options.Dimensions;
        var visits = run.Visits.Where(v => v.Iteration < n || v.Iteration == 0).ToArray();
        return new SimulationReportExample(run.Policy.Name(), run.Seed,
            [.. run.XUm.Take(n).Select(v => Math.Round(v, 2))], [.. run.YUm.Take(n).Select(v => Math.Round(v, 2))],
            [.. run.Compositions.Take(n * d).Select(v => Math.Round(v, 4))], run.Region[..n],
            [.. run.MeanAbsError.Take(n).Select(v => Math.Round(v, 5))], [.. run.MeanSigma.Take(n).Select(v => Math.Round(v, 5))],
            [.. run.InstrumentSeconds.Take(n).Select(v => Math.Round(v, 2))],
            [.. visits.Select(v => v.Region)],
            [.. visits.Select(v => (v.Region % run.RegionsPerSide + 0.5) * run.FovUm)],
            [.. visits.Select(v => (v.Region / run.RegionsPerSide + 0.5) * run.FovUm)]);
    }
}
