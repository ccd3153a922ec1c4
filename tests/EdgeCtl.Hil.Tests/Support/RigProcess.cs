using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace EdgeCtl.Hil.Tests.Support;

/// <summary>
/// A real <c>edgectl-hil</c> process started with <c>env --default-signal=INT,QUIT dotnet edgectl-hil.dll … --exit-on-stdin-close</c>
/// from the test's output folder (the project reference copies it there). Waits for the READY line
/// and parses it; Dispose closes stdin (the rig exits) and kills the process if it lingers. Stderr is
/// captured for failure messages.
/// </summary>
public sealed class RigProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private RigProcess(Process process, StringBuilder stderr, JsonElement ready)
    {
        _process = process;
        _stderr = stderr;
        Ready = ready;
        Scan = ParseEndPoint(ready.GetProperty("scan").GetString()!);
        GcsTcp = ParseEndPoint(ready.GetProperty("gcs_tcp").GetString()!);
        Control = ParseEndPoint(ready.GetProperty("control").GetString()!);
        GcsTty = ready.GetProperty("gcs_tty").ValueKind == JsonValueKind.String ? ready.GetProperty("gcs_tty").GetString() : null;
    }

    /// <summary>Path of the rig's dll next to the test assembly.</summary>
    public static string RigDll => Path.Combine(AppContext.BaseDirectory, "edgectl-hil.dll");

    /// <summary>The READY line's JSON object.</summary>
    public JsonElement Ready { get; }
    /// <summary>Scan-engine endpoint.</summary>
    public IPEndPoint Scan { get; }
    /// <summary>GCS TCP endpoint.</summary>
    public IPEndPoint GcsTcp { get; }
    /// <summary>Control endpoint.</summary>
    public IPEndPoint Control { get; }
    /// <summary>GCS pty path, null with --no-pty.</summary>
    public string? GcsTty { get; }

    /// <summary>What the rig logged on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Starts a rig with <paramref name="args"/> (plus --exit-on-stdin-close) and waits up to 60 s for READY.</summary>
    public static RigProcess Start(params string[] args)
    {
        var process = StartProcess(["--exit-on-stdin-close", .. args]);
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        var lineTask = process.StandardOutput.ReadLineAsync();
        if (!lineTask.Wait(TimeSpan.FromSeconds(60)) || lineTask.Result is null)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new InvalidOperationException($"rig did not print READY; stderr:\n{stderr}");
        }
        string line = lineTask.Result;
        const string prefix = "EDGECTL-HIL READY ";
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"first stdout line is not READY: '{line}'");
        var json = JsonDocument.Parse(line[prefix.Length..]).RootElement.Clone();
        return new RigProcess(process, stderr, json);
    }

    /// <summary>The rig's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Waits up to 30 s for the rig to exit on its own; returns its exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(30_000)) throw new TimeoutException($"rig did not exit within 30 s; stderr:\n{Stderr}");
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Closes the rig's stdin (with --exit-on-stdin-close it shuts down).</summary>
    public void CloseStdin() => _process.StandardInput.Close();

    /// <summary>Runs the rig to completion (for CLI error tests): exit code, stdout, stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunToExit(params string[] args)
    {
        using var process = StartProcess(args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("rig did not exit");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static Process StartProcess(string[] args)
    {
        if (!File.Exists(RigDll)) throw new FileNotFoundException($"rig not built next to the tests: {RigDll}");
        // Through env(1) with SIGINT and SIGQUIT back at their defaults: a shell runs background jobs
        // (`make test &`, nohup) with both ignored, the child inherits that, and .NET then installs no
        // handler for them — the rig would not see the SIGINT the shutdown test sends.
        var psi = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add("--default-signal=INT,QUIT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(RigDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start env dotnet");
    }

    private static IPEndPoint ParseEndPoint(string s) => IPEndPoint.Parse(s);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
