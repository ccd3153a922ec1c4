using Xunit;
using System.Diagnostics;
using EdgeCtl.Tests;

namespace EdgeCtl.Service.Tests;

/// <summary>
/// A real mosquitto broker started with the project's <c>scripts/mosquitto.sh start DIR</c> in a
/// temporary directory; credentials come from the generated <c>broker.env</c>. Stopped and deleted
/// on dispose.
/// </summary>
public sealed class MqttBroker : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    public MqttBroker()
    {
        Dir = Directory.CreateTempSubdirectory("edgectl-mqtt-").FullName;
        Start();
        var env = File.ReadAllLines(System.IO.Path.Combine(Dir, "broker.env"))
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        Host = env["MQTT_HOST"];
        Port = int.Parse(env["MQTT_PORT"], System.Globalization.CultureInfo.InvariantCulture);
        Username = env["MQTT_USERNAME"];
        Password = env["MQTT_PASSWORD"];
        MonitorUsername = env["MQTT_MONITOR_USERNAME"];
        MonitorPassword = env["MQTT_MONITOR_PASSWORD"];
    }

    public string Dir { get; }
    public string Host { get; }
    public int Port { get; }
    public string Username { get; }
    public string Password { get; }
    public string MonitorUsername { get; }
    public string MonitorPassword { get; }

    public static string Script => System.IO.Path.Combine(SharedData.RepoRoot, "scripts", "mosquitto.sh");

    /// <summary>The broker's log (mosquitto.log in <see cref="Dir"/>).</summary>
    public string Log => File.Exists(System.IO.Path.Combine(Dir, "mosquitto.log"))
        ? File.ReadAllText(System.IO.Path.Combine(Dir, "mosquitto.log"))
        : string.Empty;

    /// <summary>Starts (or restarts, on the same port after the first start) the broker.</summary>
    public void Start() => RunScript("start", Dir);

    /// <summary>Stops the broker; clients see the connection drop.</summary>
    public void Stop() => RunScript("stop", Dir);

    public static (int ExitCode, string Output) RunScriptRaw(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ScriptTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mosquitto.sh {string.Join(' ', args)} did not finish within {ScriptTimeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void RunScript(params string[] args)
    {
        var (code, output) = RunScriptRaw(args);
        if (code != 0)
            throw new InvalidOperationException($"mosquitto.sh {string.Join(' ', args)} failed ({code}): {output}");
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>Test classes sharing one broker (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class MqttBrokerCollection : ICollectionFixture<MqttBroker>
{
    public const string Name = "mosquitto broker";
}
