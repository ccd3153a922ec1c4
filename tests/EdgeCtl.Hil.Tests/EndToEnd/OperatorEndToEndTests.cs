using System.Diagnostics;
using System.Text.Json;
using EdgeCtl.Tests;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary>What an operator and the safety chain do to a running campaign: interlock, pause/resume/abort over MQTT; and the recorded specimen.</summary>
[Collection("end-to-end")]
public sealed class OperatorEndToEndTests : IDisposable
{
    private readonly string _runs = Directory.CreateTempSubdirectory("edgectl-runs-").FullName;

    [Fact]
    public void An_open_interlock_holds_every_acquisition_until_it_closes()
    {
        // A slow clock (×50) and a long campaign, so the interlock surely opens mid-campaign.
        using var rig = new RigProcess("--specimen", "synthetic", "--seed", "11", "--speedup", "50");
        const string id = "e2e-interlock";
        using var run = new ChildProcess(Published.Edgectl, ["run", "--campaign-id", id, "--iterations", "1000", "--seed", "11",
            "--scan", rig.Scan, "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--no-mqtt", "--runs-dir", _runs]);
        var store = Path.Combine(_runs, id, "campaign.db");
        WaitFor(() => Count(store) >= 4, run, "4 measurements");
        ControlPort.Send(rig.Control, "GPIO SET interlock_ok 0");
        // Whatever was in flight finishes; after that nothing more is acquired while the interlock is open.
        Thread.Sleep(500);
        int held = Count(store);
        Thread.Sleep(1500);
        Assert.Equal(held, Count(store));
        Assert.False(run.HasExited);
        ControlPort.Send(rig.Control, "GPIO SET interlock_ok 1");
        WaitFor(() => Count(store) > held, run, "measurements after the interlock closed");
        Assert.Contains("interlock open", run.Stderr);
    }

    [Fact]
    public void Pause_resume_and_abort_over_MQTT_from_the_monitor_account()
    {
        using var broker = new BrokerProcess();
        using var rig = new RigProcess("--specimen", "synthetic", "--seed", "12", "--speedup", "1000");
        const string id = "e2e-cmd";
        using var run = new ChildProcess(Published.Edgectl, ["run", "--campaign-id", id, "--iterations", "400", "--seed", "12",
            "--scan", rig.Scan, "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--mqtt", broker.Endpoint,
            "--mqtt-user", broker.Env["MQTT_USERNAME"], "--mqtt-password-env", "MQTT_PASSWORD", "--runs-dir", _runs,
            "--EdgeCtl:Mqtt:InstrumentId=e2e"], new Dictionary<string, string> { ["MQTT_PASSWORD"] = broker.Env["MQTT_PASSWORD"] });
        var store = Path.Combine(_runs, id, "campaign.db");
        WaitFor(() => Count(store) >= 5, run, "5 measurements");

        Publish(broker, "edgectl/e2e/cmd/pause", """{"reason":"sample exchange"}""");
        WaitFor(() => RetainedStatus(broker).GetProperty("state").GetString() == "paused", run, "status paused");
        int paused = Count(store);
        Thread.Sleep(1500);
        Assert.Equal(paused, Count(store));

        Publish(broker, "edgectl/e2e/cmd/resume", "{}");
        WaitFor(() => Count(store) > paused, run, "measurements after resume");
        Publish(broker, "edgectl/e2e/cmd/abort", """{"reason":"operator"}""");
        Assert.Equal(3, run.WaitForExit(TimeSpan.FromMinutes(1)));
        using var db = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT state FROM campaigns";
        Assert.Equal("aborted", cmd.ExecuteScalar());
    }

    [Fact]
    public void Replay_campaign_on_the_recorded_SiO2_specimen_completes()
    {
        using var rig = new RigProcess("--specimen", "replay", "--data-dir", SharedData.Dir, "--speedup", "1000");
        const string id = "e2e-replay";
        using var run = new ChildProcess(Published.Edgectl, ["run", "--campaign-id", id, "--iterations", "20", "--elements", "Si,O",
            "--scan", rig.Scan, "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--no-mqtt", "--runs-dir", _runs]);
        int code = run.WaitForExit(TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"exit {code}:\n{run.Stdout}\n{run.Stderr}");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs, id, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal(20, s.GetProperty("measurements").GetInt32());
        Assert.True(s.GetProperty("regions_visited").GetInt32() >= 1);
        Assert.Equal(["Si", "O"], s.GetProperty("elements").EnumerateArray().Select(e => e.GetString()));
    }

    private static void Publish(BrokerProcess broker, string topic, string payload)
    {
        using var p = Process.Start(new ProcessStartInfo("mosquitto_pub")
        {
            ArgumentList = { "-h", broker.Env["MQTT_HOST"], "-p", broker.Env["MQTT_PORT"], "-u", broker.Env["MQTT_MONITOR_USERNAME"],
                "-P", broker.Env["MQTT_MONITOR_PASSWORD"], "-q", "1", "-t", topic, "-m", payload },
            RedirectStandardError = true,
        })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"mosquitto_pub {topic}: {p.StandardError.ReadToEnd()}");
    }

    private static JsonElement RetainedStatus(BrokerProcess broker)
    {
        using var p = Process.Start(new ProcessStartInfo("mosquitto_sub")
        {
            ArgumentList = { "-h", broker.Env["MQTT_HOST"], "-p", broker.Env["MQTT_PORT"], "-u", broker.Env["MQTT_MONITOR_USERNAME"],
                "-P", broker.Env["MQTT_MONITOR_PASSWORD"], "-t", "edgectl/e2e/status", "-C", "1", "-W", "5" },
            RedirectStandardOutput = true,
        })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void WaitFor(Func<bool> condition, ChildProcess run, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            Assert.False(run.HasExited, $"edgectl exited before {what}:\n{run.Stdout}\n{run.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"no {what} within 2 min:\n{run.Stderr}");
            Thread.Sleep(50);
        }
    }

    private static int Count(string store)
    {
        if (!File.Exists(store)) return 0;
        try
        {
            using var db = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM measurements";
            return Convert.ToInt32(cmd.ExecuteScalar());
        }
        catch (SqliteException) { return 0; }
    }

    public void Dispose()
    {
        try { Directory.Delete(_runs, true); } catch (IOException) { }
    }
}
