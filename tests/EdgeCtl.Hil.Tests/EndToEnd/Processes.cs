using System.Diagnostics;
using System.Text;
using EdgeCtl.Tests;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary>The published binaries (<c>make build</c>) and helpers to run them as separate processes.</summary>
public static class Published
{
    /// <summary><c>out/edgectl/edgectl</c>; throws naming the path and the fix when it has not been built.</summary>
    public static string Edgectl => Require(Path.Combine(SharedData.RepoRoot, "out", "edgectl", "edgectl"));

    /// <summary><c>out/edgectl-hil/edgectl-hil</c>.</summary>
    public static string Rig => Require(Path.Combine(SharedData.RepoRoot, "out", "edgectl-hil", "edgectl-hil"));

    /// <summary><c>scripts/mosquitto.sh</c>.</summary>
    public static string MosquittoScript => Require(Path.Combine(SharedData.RepoRoot, "scripts", "mosquitto.sh"));

    private static string Require(string path) => File.Exists(path) ? path
        : throw new FileNotFoundException($"'{path}' is missing: run 'make build' (make test does it) before the end-to-end tests.", path);
}

/// <summary>A child process whose stdout and stderr are collected line by line.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private readonly Lock _gate = new();

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/>; stdin stays open until disposal.</summary>
    public ChildProcess(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? SharedData.RepoRoot,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        _p = new Process { StartInfo = psi };
        _p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _out.AppendLine(e.Data); };
        _p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _err.AppendLine(e.Data); };
        _p.Start();
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    /// <summary>Process id.</summary>
    public int Id => _p.Id;
    /// <summary>Everything printed on stdout so far.</summary>
    public string Stdout { get { lock (_gate) return _out.ToString(); } }
    /// <summary>Everything printed on stderr so far.</summary>
    public string Stderr { get { lock (_gate) return _err.ToString(); } }
    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _p.HasExited;
    /// <summary>Exit code (after exit).</summary>
    public int ExitCode => _p.ExitCode;

    /// <summary>Waits until a stdout line starts with <paramref name="prefix"/>; returns that line.</summary>
    public string WaitForLine(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in Stdout.Split('\n'))
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line.TrimEnd('\r');
            if (_p.HasExited) break;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"No line starting with '{prefix}' from {_p.StartInfo.FileName} within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>Waits for exit; throws with the output when it takes longer than <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_p.WaitForExit(timeout))
            throw new TimeoutException($"{_p.StartInfo.FileName} still running after {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        _p.WaitForExit();
        return _p.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or power loss would.</summary>
    public void KillHard()
    {
        if (!_p.HasExited) _p.Kill(entireProcessTree: false);
        _p.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { if (!_p.HasExited) { _p.StandardInput.Close(); if (!_p.WaitForExit(3000)) _p.Kill(true); } } catch (InvalidOperationException) { }
        _p.Dispose();
    }
}
