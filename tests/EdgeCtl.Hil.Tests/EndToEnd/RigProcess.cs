using System.Text.Json;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary>The published rig as a separate process, with the endpoints from its READY line.</summary>
public sealed class RigProcess : IDisposable
{
    private readonly ChildProcess _process;

    /// <summary>Starts <c>edgectl-hil</c> with <paramref name="args"/> and waits for READY.</summary>
    public RigProcess(params string[] args)
    {
        _process = new ChildProcess(Published.Rig, [.. args, "--exit-on-stdin-close"]);
        var line = _process.WaitForLine("EDGECTL-HIL READY ", TimeSpan.FromSeconds(60));
        using var doc = JsonDocument.Parse(line["EDGECTL-HIL READY ".Length..]);
        var root = doc.RootElement;
        Scan = root.GetProperty("scan").GetString()!;
        GcsTcp = root.GetProperty("gcs_tcp").GetString()!;
        GcsTty = root.TryGetProperty("gcs_tty", out var tty) && tty.ValueKind == JsonValueKind.String ? tty.GetString() : null;
        Control = root.GetProperty("control").GetString()!;
    }

    /// <summary>Scan engine host:port.</summary>
    public string Scan { get; }
    /// <summary>GCS over TCP host:port.</summary>
    public string GcsTcp { get; }
    /// <summary>GCS pseudo-terminal path, when the rig made one.</summary>
    public string? GcsTty { get; }
    /// <summary>Control port host:port.</summary>
    public string Control { get; }
    /// <summary>The rig's log so far.</summary>
    public string Log => _process.Stderr;

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
