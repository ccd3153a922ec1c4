using System.Diagnostics;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary>A real mosquitto started through the project's own <c>scripts/mosquitto.sh</c>.</summary>
public sealed class BrokerProcess : IDisposable
{
    private readonly string _dir;

    /// <summary>Starts a broker with generated credentials in a fresh temporary folder.</summary>
    public BrokerProcess()
    {
        _dir = Directory.CreateTempSubdirectory("edgectl-broker-").FullName;
        Run("start", _dir);
        foreach (var line in File.ReadAllLines(Path.Combine(_dir, "broker.env")))
        {
            var eq = line.IndexOf('=');
            if (eq > 0) Env[line[..eq].Replace("export ", "").Trim()] = line[(eq + 1)..].Trim().Trim('"', '\'');
        }
    }

    /// <summary>broker.env: MQTT_HOST, MQTT_PORT, MQTT_USERNAME, MQTT_PASSWORD, MQTT_MONITOR_USERNAME, MQTT_MONITOR_PASSWORD.</summary>
    public Dictionary<string, string> Env { get; } = [];

    /// <summary>host:port.</summary>
    public string Endpoint => $"{Env["MQTT_HOST"]}:{Env["MQTT_PORT"]}";

    private static void Run(string verb, string dir)
    {
        using var p = Process.Start(new ProcessStartInfo(Published.MosquittoScript) { ArgumentList = { verb, dir }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && verb == "start")
            throw new InvalidOperationException($"scripts/mosquitto.sh start failed ({p.ExitCode}): {err.Result}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Run("stop", _dir);
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
