using System.Globalization;
using System.Text.Json;

namespace EdgeCtl.Drivers;

/// <summary>
/// Where the HIL rig listens, from the one line it prints on stdout when ready (docs/rig.md,
/// "Command line"): <c>EDGECTL-HIL READY {"scan":"127.0.0.1:41234","gcs_tcp":"…","gcs_tty":"/dev/pts/7",
/// "control":"…","specimen":"synthetic","elements":["Au","Co","Ni"],"time_scale":1000}</c>.
/// The factory methods build the drivers for those endpoints, so tests and the service reach the rig the
/// same way they reach real devices.
/// </summary>
/// <param name="ScanHost">Scan-engine host.</param>
/// <param name="ScanPort">Scan-engine port.</param>
/// <param name="GcsTcpHost">Stage GCS-over-TCP host.</param>
/// <param name="GcsTcpPort">Stage GCS-over-TCP port.</param>
/// <param name="GcsTty">Stage pseudo-terminal path, or null when the rig runs with <c>--no-pty</c>.</param>
/// <param name="ControlHost">Control-port host.</param>
/// <param name="ControlPort">Control-port port.</param>
/// <param name="Specimen">"synthetic" or "replay".</param>
/// <param name="Elements">Element order of compositions.</param>
/// <param name="TimeScale">Instrument seconds per wall second.</param>
public sealed record RigEndpoints(
    string ScanHost, int ScanPort, string GcsTcpHost, int GcsTcpPort, string? GcsTty,
    string ControlHost, int ControlPort, string Specimen, IReadOnlyList<string> Elements, double TimeScale)
{
    /// <summary>The prefix of the ready line.</summary>
    public const string ReadyPrefix = "EDGECTL-HIL READY ";

    /// <summary>Parses the ready line.</summary>
    /// <exception cref="FormatException">Not a ready line, invalid JSON, or a field missing or malformed (named in the message).</exception>
    public static RigEndpoints ParseReadyLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            throw new FormatException($"Not a rig ready line (expected it to start with '{ReadyPrefix.TrimEnd()}'): \"{Shorten(line)}\".");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line.AsMemory(ReadyPrefix.Length));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Rig ready line has invalid JSON ({ex.Message}): \"{Shorten(line)}\".", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("Rig ready line: the JSON is not an object.");
            var (scanHost, scanPort) = Endpoint(root, "scan");
            var (gcsHost, gcsPort) = Endpoint(root, "gcs_tcp");
            var (controlHost, controlPort) = Endpoint(root, "control");
            string? tty = root.TryGetProperty("gcs_tty", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var specimen = String(root, "specimen");
            if (!root.TryGetProperty("elements", out var els) || els.ValueKind != JsonValueKind.Array || els.GetArrayLength() == 0)
                throw new FormatException("Rig ready line: 'elements' must be a non-empty array of element symbols.");
            var elements = new string[els.GetArrayLength()];
            var i = 0;
            foreach (var e in els.EnumerateArray())
                elements[i++] = e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException("Rig ready line: 'elements' must hold strings.");
            if (!root.TryGetProperty("time_scale", out var ts) || ts.ValueKind != JsonValueKind.Number || !(ts.GetDouble() > 0))
                throw new FormatException("Rig ready line: 'time_scale' must be a positive number.");
            return new RigEndpoints(scanHost, scanPort, gcsHost, gcsPort, tty, controlHost, controlPort, specimen, elements, ts.GetDouble());
        }
    }

    /// <summary>Scan-engine client options for the rig (other settings at their defaults).</summary>
    public ScanEngineOptions ScanEngineOptions() => new() { Host = ScanHost, Port = ScanPort, DeviceName = $"rig scan engine {ScanHost}:{ScanPort}" };

    /// <summary>Control-port client options for the rig.</summary>
    public RigControlOptions ControlOptions() => new() { Host = ControlHost, Port = ControlPort };

    /// <summary>A GCS transport to the rig's stage: its pseudo-terminal when <paramref name="preferTty"/> and one exists, else TCP.</summary>
    /// <exception cref="IOException">The pseudo-terminal cannot be opened.</exception>
    public IGcsTransport CreateGcsTransport(bool preferTty, GcsTransportOptions? options = null) =>
        preferTty && GcsTty is { } tty
            ? new SerialGcsTransport(tty, SerialPortSettings.Default, options)
            : new TcpGcsTransport(GcsTcpHost, GcsTcpPort, options);

    private static string String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new FormatException($"Rig ready line: '{name}' must be a non-empty string.");

    /// <summary>"host:port" or "[v6]:port".</summary>
    private static (string Host, int Port) Endpoint(JsonElement root, string name)
    {
        var text = String(root, name);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"Rig ready line: '{name}' = \"{text}\" is not host:port.");
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        return (host, port);
    }

    private static string Shorten(string s) => s.Length <= 200 ? s : string.Concat(s.AsSpan(0, 200), "…");
}
