using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeCtl.Service.Store;

namespace EdgeCtl.Service.Reporting;

/// <summary>
/// <c>runs/&lt;campaign-id&gt;/</c>: <c>campaign.db</c> (the store), <c>summary.json</c>,
/// <c>measurements.csv</c> (one row per EELS measurement) and <c>edgectl.log</c>.
/// </summary>
public sealed class RunFolder(string runsDirectory, string campaignId)
{
    /// <summary>The folder, relative as given.</summary>
    public string Path { get; } = System.IO.Path.Combine(runsDirectory, campaignId);
    /// <summary>The campaign store file.</summary>
    public string StorePath => System.IO.Path.Combine(Path, "campaign.db");
    /// <summary>summary.json.</summary>
    public string SummaryPath => System.IO.Path.Combine(Path, "summary.json");
    /// <summary>measurements.csv.</summary>
    public string MeasurementsPath => System.IO.Path.Combine(Path, "measurements.csv");

    /// <summary>Writes summary.json atomically (temp file + rename).</summary>
    public void WriteSummary(CampaignSummary summary)
    {
        Directory.CreateDirectory(Path);
        var tmp = SummaryPath + ".tmp";
        File.WriteAllBytes(tmp, JsonSerializer.SerializeToUtf8Bytes(summary, ReportJsonContext.Default.CampaignSummary));
        File.Move(tmp, SummaryPath, overwrite: true);
    }

    /// <summary>Writes measurements.csv from the store: iteration, particle, position, composition ± σ, target ± σ, time.</summary>
    public void WriteMeasurementsCsv(CampaignStore store, string campaignId, string[] elements)
    {
        var sb = new StringBuilder();
        sb.Append("iteration,particle_id,region,x_um,y_um,radius_nm");
        foreach (var e in elements) sb.Append(',').Append(e).Append(",sigma_").Append(e);
        sb.Append(",sigma_total,target,target_sigma,instrument_s,seed\n");
        var particles = new Dictionary<long, (ParticleRecord P, int Region)>();
        foreach (var v in store.LoadRegionVisits(campaignId))
            foreach (var p in store.LoadParticles(v.Id)) particles[p.Id] = (p, v.RegionIndex);
        var inv = CultureInfo.InvariantCulture;
        foreach (var m in store.LoadMeasurements(campaignId))
        {
            var (p, region) = particles[m.ParticleId];
            sb.Append(inv, $"{m.Iteration},{p.Id},{region},{p.XUm:F4},{p.YUm:F4},{p.RadiusNm:F2}");
            for (int i = 0; i < elements.Length; i++) sb.Append(inv, $",{p.Composition[i]:F5},{p.Sigma[i]:F5}");
            sb.Append(inv, $",{p.SigmaTotal:F5},{m.Target:F6},{m.TargetSigma:F6},{m.InstrumentSeconds:F3},{(m.IsSeed ? 1 : 0)}\n");
        }
        File.WriteAllText(MeasurementsPath, sb.ToString());
    }
}
