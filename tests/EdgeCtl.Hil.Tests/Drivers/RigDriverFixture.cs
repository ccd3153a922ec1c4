using EdgeCtl.Drivers;
using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests.Drivers;

/// <summary>
/// One real <c>edgectl-hil</c> process (synthetic specimen, pseudo-terminal on, speed-up 20) shared by
/// the driver integration tests of this collection. The driver options come from the rig's READY line
/// through <see cref="RigEndpoints.ParseReadyLine"/>, as the service builds them.
/// </summary>
public sealed class RigDriverFixture : IDisposable
{
    /// <summary>Instrument seconds per wall second; slow enough that a long stage move can be cancelled mid-way.</summary>
    public const double Speedup = 20;

    public RigDriverFixture()
    {
        Rig = RigProcess.Start("--speedup", "20", "--seed", "7");
        ReadyLine = RigEndpoints.ReadyPrefix + Rig.Ready.GetRawText();
        Endpoints = RigEndpoints.ParseReadyLine(ReadyLine);
        Control = new RigControlClient(Endpoints.ControlOptions());
    }

    public RigProcess Rig { get; }

    /// <summary>The READY line as printed (prefix + JSON).</summary>
    public string ReadyLine { get; }

    public RigEndpoints Endpoints { get; }

    /// <summary>Control-port client (driver under test, and the tests' way to arm faults and drive interlock_ok).</summary>
    public RigControlClient Control { get; }

    /// <summary>Disarms every fault, closes the interlock (ok = 1) and unblanks the beam.</summary>
    public async Task ResetAsync()
    {
        await Control.SendAsync("FAULT CLEAR");
        await Control.SetGpioAsync(DigitalLine.InterlockOk, true);
        await Control.SetGpioAsync(DigitalLine.BeamBlank, false);
    }

    /// <summary>Appends the rig's log to a failure message.</summary>
    public string Log => "rig stderr:\n" + Rig.Stderr;

    public void Dispose()
    {
        Control.Dispose();
        Rig.Dispose();
    }
}

/// <summary>All driver tests share one rig and run one after another (shared stage, faults and GPIO lines).</summary>
[CollectionDefinition(Name)]
public sealed class RigDriversCollection : ICollectionFixture<RigDriverFixture>
{
    public const string Name = "rig drivers";
}
