using System.Text.Json;
using EdgeCtl.Tests;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary>
/// Whole campaigns: the published <c>edgectl</c> against the published rig and a real mosquitto,
/// each a separate process, as <c>make run</c> does.
/// </summary>
[Collection("end-to-end")]
public sealed class CampaignEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _runs = Directory.CreateTempSubdirectory("edgectl-runs-").FullName;

    [Fact]
    public void Campaign_killed_with_SIGKILL_resumes_and_records_every_measurement_exactly_once()
    {
        using var broker = new BrokerProcess();
        using var rig = new RigProcess("--specimen", "synthetic", "--seed", "7", "--speedup", "1000");
        using var monitor = new ChildProcess("mosquitto_sub", ["-h", broker.Env["MQTT_HOST"], "-p", broker.Env["MQTT_PORT"],
            "-u", broker.Env["MQTT_MONITOR_USERNAME"], "-P", broker.Env["MQTT_MONITOR_PASSWORD"], "-t", "edgectl/#", "-v"]);
        const int iterations = 40;
        const string id = "e2e-kill";
        string[] args = ["run", "--campaign-id", id, "--iterations", $"{iterations}", "--seed", "7",
            "--scan", rig.Scan, "--stage", rig.GcsTty is { } tty ? $"serial:{tty}" : $"tcp://{rig.GcsTcp}",
            "--rig-control", rig.Control, "--mqtt", broker.Endpoint, "--mqtt-user", broker.Env["MQTT_USERNAME"],
            "--mqtt-password-env", "MQTT_PASSWORD", "--runs-dir", _runs, "--EdgeCtl:Mqtt:InstrumentId=e2e"];
        var env = new Dictionary<string, string> { ["MQTT_PASSWORD"] = broker.Env["MQTT_PASSWORD"] };
        var store = Path.Combine(_runs, id, "campaign.db");

        using (var first = new ChildProcess(Published.Edgectl, args, env))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (CountMeasurements(store) < 12)
            {
                Assert.False(first.HasExited, $"edgectl exited early ({(first.HasExited ? first.ExitCode : 0)}):\n{first.Stdout}\n{first.Stderr}");
                Assert.True(DateTime.UtcNow < deadline, $"no 12 measurements within 3 min:\n{first.Stderr}\nrig:\n{rig.Log}");
                Thread.Sleep(20);
            }
            first.KillHard();
        }
        int beforeRestart = CountMeasurements(store);
        output.WriteLine($"killed after {beforeRestart} measurements");
        Assert.InRange(beforeRestart, 12, iterations - 1);

        using (var second = new ChildProcess(Published.Edgectl, args, env))
        {
            int code = second.WaitForExit(TimeSpan.FromMinutes(4));
            output.WriteLine(second.Stdout);
            Assert.True(code == 0, $"resumed run exited {code}:\n{second.Stdout}\n{second.Stderr}");
            Assert.Contains($"run folder: {Path.Combine(_runs, id)}", second.Stdout);
        }

        using var db = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        db.Open();
        Assert.Equal(iterations, Scalar(db, "SELECT count(*) FROM measurements"));
        Assert.Equal(iterations, Scalar(db, "SELECT count(DISTINCT particle_id) FROM measurements"));
        Assert.Equal(iterations, Scalar(db, "SELECT count(DISTINCT iteration) FROM measurements"));
        Assert.Equal(1, Scalar(db, "SELECT min(iteration) FROM measurements"));
        Assert.Equal(iterations, Scalar(db, "SELECT max(iteration) FROM measurements"));
        Assert.Equal(iterations, Scalar(db, "SELECT count(*) FROM iteration_metrics"));
        Assert.Equal(0, Scalar(db, "SELECT count(*) FROM measurements m LEFT JOIN particles p ON p.id = m.particle_id WHERE p.id IS NULL"));
        Assert.Equal("completed", (string)Query(db, "SELECT state FROM campaigns")!);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs, id, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal(iterations, s.GetProperty("measurements").GetInt32());
        Assert.Equal(1, s.GetProperty("resumes").GetInt32());
        Assert.Equal(iterations, s.GetProperty("mean_predictive_sigma").GetArrayLength());
        Assert.Equal(iterations, s.GetProperty("abs_error").GetArrayLength());
        Assert.True(s.GetProperty("instrument_seconds").GetDouble() > iterations * 1.0, "every EELS costs ≥ 1 instrument second");

        // The monitor saw the retained status and one event per measurement (at-least-once: de-duplicate by event_id).
        var deadlineMqtt = DateTime.UtcNow.AddSeconds(20);
        HashSet<long> eels;
        do
        {
            eels = EelsEventIds(monitor.Stdout);
            if (eels.Count >= iterations) break;
            Thread.Sleep(200);
        } while (DateTime.UtcNow < deadlineMqtt);
        Assert.Equal(iterations, eels.Count);
        Assert.Contains("edgectl/e2e/status", monitor.Stdout);
    }

    [Fact]
    public void Scan_engine_connection_closed_mid_image_is_survived()
    {
        using var rig = new RigProcess("--specimen", "synthetic", "--seed", "3", "--speedup", "2000");
        ControlPort.Send(rig.Control, "FAULT tcp-close-mid-image 2");
        const string id = "e2e-close";
        using var run = new ChildProcess(Published.Edgectl, ["run", "--campaign-id", id, "--iterations", "12", "--seed", "3",
            "--scan", rig.Scan, "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--no-mqtt", "--runs-dir", _runs]);
        int code = run.WaitForExit(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"exit {code}:\n{run.Stdout}\n{run.Stderr}\nrig:\n{rig.Log}");
        Assert.Equal(12, CountMeasurements(Path.Combine(_runs, id, "campaign.db")));
    }

    [Fact]
    public void Stage_that_never_reaches_its_target_fails_the_campaign_clearly_and_keeps_what_was_recorded()
    {
        using var rig = new RigProcess("--specimen", "synthetic", "--seed", "5", "--speedup", "1000");
        const string id = "e2e-stall";
        string[] args = ["run", "--campaign-id", id, "--iterations", "200", "--seed", "5", "--scan", rig.Scan,
            "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--no-mqtt", "--runs-dir", _runs,
            "--EdgeCtl:Instrument:StageMotionMarginSeconds=2"];
        using var run = new ChildProcess(Published.Edgectl, args);
        var store = Path.Combine(_runs, id, "campaign.db");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (CountMeasurements(store) < 5)
        {
            Assert.False(run.HasExited, $"exited early:\n{run.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, "no 5 measurements in 2 min");
            Thread.Sleep(20);
        }
        ControlPort.Send(rig.Control, "FAULT stage-stall");
        int code = run.WaitForExit(TimeSpan.FromMinutes(2));
        Assert.Equal(1, code);
        Assert.Contains("stage", run.Stderr, StringComparison.OrdinalIgnoreCase);
        int recorded = CountMeasurements(store);
        Assert.True(recorded >= 5, $"recorded {recorded}");
        using var db = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        db.Open();
        Assert.Equal("failed", (string)Query(db, "SELECT state FROM campaigns")!);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs, id, "summary.json")));
        Assert.Equal(recorded, summary.RootElement.GetProperty("measurements").GetInt32());
    }

    private static HashSet<long> EelsEventIds(string monitorOutput)
    {
        var ids = new HashSet<long>();
        foreach (var line in monitorOutput.Split('\n'))
        {
            int space = line.IndexOf(' ');
            if (space < 0 || !line[..space].EndsWith("/event", StringComparison.Ordinal)) continue;
            using var doc = JsonDocument.Parse(line[(space + 1)..]);
            if (doc.RootElement.GetProperty("kind").GetString() == "eels")
                ids.Add(doc.RootElement.GetProperty("iteration").GetInt64());
        }
        return ids;
    }

    private static int CountMeasurements(string store)
    {
        if (!File.Exists(store)) return 0;
        try
        {
            using var db = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
            db.Open();
            return Scalar(db, "SELECT count(*) FROM measurements");
        }
        catch (SqliteException) { return 0; } // schema not created yet
    }

    private static int Scalar(SqliteConnection db, string sql) => Convert.ToInt32(Query(db, sql));

    private static object? Query(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public void Dispose()
    {
        try { Directory.Delete(_runs, true); } catch (IOException) { }
    }
}
