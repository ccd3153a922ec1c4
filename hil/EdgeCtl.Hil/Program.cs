using System.Runtime.InteropServices;
using EdgeCtl.Hil;
using EdgeCtl.Hil.Cli;
using EdgeCtl.Hil.Diagnostics;

// edgectl-hil: the EdgeCtl instrument emulator (docs/rig.md). Exit codes: 0 clean shutdown,
// 2 bad command line or missing data, 1 unexpected failure.
RigOptions options;
try
{
    options = RigOptionsParser.Parse(args);
}
catch (RigUsageException e)
{
    Console.Error.WriteLine($"edgectl-hil: {e.Message}");
    Console.Error.WriteLine("Try 'edgectl-hil --help'.");
    return 2;
}
if (options.ShowHelp)
{
    Console.Out.WriteLine(RigOptionsParser.Usage);
    return 0;
}
RigLog.Verbose = options.Verbose;

using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; RequestStop(stop, "SIGINT"); });
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; RequestStop(stop, "SIGTERM"); });

Rig rig;
try
{
    rig = new Rig(options);
}
catch (RigUsageException e)
{
    Console.Error.WriteLine($"edgectl-hil: {e.Message}");
    return 2;
}
catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
{
    Console.Error.WriteLine($"edgectl-hil: cannot start: {e.Message}");
    return 1;
}

using (rig)
{
    rig.Start();
    Console.Out.WriteLine(rig.ReadyLine.Format());
    Console.Out.Flush();
    RigLog.Info("ready");
    if (options.ExitOnStdinClose)
    {
        var watcher = new Thread(() =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            try
            {
                while (stdin.Read(buffer, 0, buffer.Length) > 0)
                {
                    // input is ignored; only end of file matters
                }
            }
            catch (IOException)
            {
                // a broken stdin counts as closed
            }
            RequestStop(stop, "stdin closed");
        }) { IsBackground = true, Name = "stdin-watch" };
        watcher.Start();
    }
    stop.Token.WaitHandle.WaitOne();
}
RigLog.Info("stopped");
return 0;

static void RequestStop(CancellationTokenSource stop, string reason)
{
    RigLog.Info($"shutting down ({reason})");
    try
    {
        stop.Cancel();
    }
    catch (ObjectDisposedException)
    {
        // already stopping
    }
}
