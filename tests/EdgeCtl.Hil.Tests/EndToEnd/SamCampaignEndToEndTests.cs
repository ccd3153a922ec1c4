using System.Text.Json;
using EdgeCtl.Tests;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary>
/// Campaigns with the combined SAM detector (issue 3): the published <c>edgectl</c> against the published
/// rig in its high-magnification mode, and the fallback to the classical detector when the SAM models
/// cannot be loaded. SAM costs ~1–2 s of CPU per frame, so the campaigns are short.
/// </summary>
[Collection("end-to-end")]
public sealed class SamCampaignEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _runs = Directory.CreateTempSubdirectory("edgectl-runs-").FullName;

    public void Dispose() => Directory.Delete(_runs, recursive: true);

    [Fact]
    public void High_magnification_campaign_runs_sam_on_every_overview_and_sam_finds_particles_in_every_region()
    {
        // A sparser film than the default (1500 instead of 27 000 µm⁻², ~6 particles per FoV) so a short campaign visits several regions (at 3000 the 1 µs overview finds enough in the first region for all 12 iterations).
        using var rig = new RigProcess("--specimen", "synthetic-highmag", "--particle-density", "1500", "--seed", "2", "--speedup", "2000", "--no-pty");
        const string id = "e2e-sam";
        // --verbose before the --EdgeCtl:Key=value overrides (after them it is taken as one).
        using var run = new ChildProcess(Published.Edgectl, ["run", "--verbose", "--campaign-id", id, "--iterations", "12", "--seed", "2",
            "--scan", rig.Scan, "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--no-mqtt", "--runs-dir", _runs,
            "--EdgeCtl:Acquisition:ExpectedParticleDiameterNm=4",
            "--EdgeCtl:Acquisition:EdxFrameSeconds=40"]);
        int code = run.WaitForExit(TimeSpan.FromMinutes(5));
        output.WriteLine(run.Stdout);
        Assert.True(code == 0, $"exit {code}:\n{run.Stdout}\n{run.Stderr}\nrig:\n{rig.Log}");
        string log = run.Stdout + run.Stderr;
        Assert.Contains("Particle detector: auto", log);
        Assert.Contains("0.064 µm", log); // the overview plan zoomed for SAM: 4 nm × 1024 / 64 px

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs, id, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal("auto", s.GetProperty("detector").GetString());
        Assert.Equal(12, s.GetProperty("measurements").GetInt32());
        int surveyed = s.GetProperty("surveyed_visits").GetInt32();
        Assert.True(surveyed >= 2, $"only {surveyed} surveyed regions");
        Assert.Equal(surveyed, s.GetProperty("visits_with_sam_particles").GetInt32());
        Assert.Equal(0, s.GetProperty("failed_visits").GetInt32());

        // The store says which detector found each particle, per frame: SAM found particles in every surveyed region.
        using var db = new SqliteConnection($"Data Source={Path.Combine(_runs, id, "campaign.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT v.region_index, o.pixel_size_nm, sum(p.detector = 'sam'), sum(p.detector = 'classical'), sum(p.detector IS NULL)
            FROM region_visits v JOIN overviews o ON o.visit_id = v.id LEFT JOIN particles p ON p.visit_id = v.id
            WHERE v.overview_ok = 1 GROUP BY v.id
            """;
        using var r = cmd.ExecuteReader();
        int frames = 0;
        while (r.Read())
        {
            frames++;
            output.WriteLine($"region {r.GetInt32(0)}: {r.GetDouble(1):F4} nm/px, sam {r.GetInt64(2)}, classical {r.GetInt64(3)}");
            Assert.Equal(0.0625, r.GetDouble(1), 9);
            Assert.True(r.GetInt64(2) > 0, $"SAM found no particle in region {r.GetInt32(0)}");
            Assert.Equal(0, r.GetInt64(4));
        }
        Assert.Equal(surveyed, frames);
    }

    [Fact]
    public void Unloadable_sam_model_falls_back_to_the_classical_detector_logged_and_in_the_status()
    {
        // A models folder whose SAM files are truncated (as an interrupted download would leave them); ONNX Runtime itself is the real one.
        string models = Path.Combine(_runs, "models");
        Directory.CreateDirectory(Path.Combine(models, "sam"));
        string real = Path.Combine(SharedData.RepoRoot, "models");
        foreach (var name in new[] { "encoder.int8.onnx", "decoder-multi.int8.onnx" })
        {
            using var src = File.OpenRead(Path.Combine(real, "sam", name));
            var head = new byte[4096];
            src.ReadExactly(head);
            File.WriteAllBytes(Path.Combine(models, "sam", name), head);
        }
        Directory.CreateSymbolicLink(Path.Combine(models, "lib"), Path.Combine(real, "lib"));
        var env = new Dictionary<string, string> { ["EDGECTL_MODELS"] = models };

        // edgectl detect: auto by default, classical with a message.
        // A copy: detect writes IMAGE.particles.json and an overlay beside the image, and ../shared is not ours to write.
        string image = Path.Combine(_runs, "Ru3.jpg");
        File.Copy(SharedData.File("haadf-nanoparticles-genc2025", "images", "Ru3.jpg"), image, overwrite: true);
        using (var detect = new ChildProcess(Published.Edgectl, ["detect", image, "--json"], env, workingDirectory: _runs))
        {
            Assert.Equal(0, detect.WaitForExit(TimeSpan.FromMinutes(1)));
            Assert.Contains("SAM detector unavailable", detect.Stderr);
            Assert.Contains("encoder.int8.onnx", detect.Stderr);
        }

        using var broker = new BrokerProcess();
        using var rig = new RigProcess("--specimen", "synthetic", "--seed", "3", "--speedup", "2000", "--no-pty");
        using var monitor = new ChildProcess("mosquitto_sub", ["-h", broker.Env["MQTT_HOST"], "-p", broker.Env["MQTT_PORT"],
            "-u", broker.Env["MQTT_MONITOR_USERNAME"], "-P", broker.Env["MQTT_MONITOR_PASSWORD"], "-t", "edgectl/e2e-fb/status", "-v"]);
        const string id = "e2e-fallback";
        env["MQTT_PASSWORD"] = broker.Env["MQTT_PASSWORD"];
        using var run = new ChildProcess(Published.Edgectl, ["run", "--campaign-id", id, "--iterations", "6", "--seed", "3",
            "--scan", rig.Scan, "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--runs-dir", _runs,
            "--mqtt", broker.Endpoint, "--mqtt-user", broker.Env["MQTT_USERNAME"], "--mqtt-password-env", "MQTT_PASSWORD",
            "--EdgeCtl:Mqtt:InstrumentId=e2e-fb"], env, workingDirectory: _runs);
        int code = run.WaitForExit(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"exit {code}:\n{run.Stdout}\n{run.Stderr}\nrig:\n{rig.Log}");
        string log = run.Stdout + run.Stderr;
        Assert.Contains("Particle detector 'auto' unavailable, the campaign uses 'classical'", log);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs, id, "summary.json")));
        Assert.Equal("classical", summary.RootElement.GetProperty("detector").GetString());
        Assert.Equal(6, summary.RootElement.GetProperty("measurements").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("particles_by_sam").GetInt32());

        // The retained status names the detector in use and why.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!monitor.Stdout.Contains("\"state\":\"completed\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline) Thread.Sleep(100);
        var statuses = monitor.Stdout.Split('\n').Where(l => l.StartsWith("edgectl/e2e-fb/status ", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l[(l.IndexOf(' ') + 1)..]).RootElement).Where(e => e.TryGetProperty("campaign_id", out _)).ToList();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, st => Assert.Equal("classical", st.GetProperty("detector").GetString()));
        Assert.Contains(statuses, st => st.TryGetProperty("last_error", out var e) && e.GetString()!.Contains("SAM detector unavailable", StringComparison.Ordinal));
    }
}
