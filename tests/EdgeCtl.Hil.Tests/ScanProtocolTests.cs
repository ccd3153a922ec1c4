using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>Frame validation and Error replies of the scan engine (docs/wire-protocol.md §2).</summary>
public sealed class ScanProtocolTests : IDisposable
{
    private readonly RigProcess _rig = RigProcess.Start("--no-pty");

    public void Dispose() => _rig.Dispose();

    public static TheoryData<string, byte[]> BadHeaders => new()
    {
        { "bad magic", ScanClient.BuildFrame(1, 1, [], magic: "EDGF") },
        { "version 2", ScanClient.BuildFrame(1, 1, [], version: 2) },
        { "unknown type", ScanClient.BuildFrame(0x0042, 1, []) },
        { "reply type sent as request", ScanClient.BuildFrame(0x8000, 1, new byte[8]) },
        { "oversize length", ScanClient.BuildFrame(1, 1, [], lengthOverride: 2u << 20) },
        { "Hello with a payload", ScanClient.BuildFrame(1, 1, new byte[4]) },
        { "short SetBeamShift", ScanClient.BuildFrame(2, 1, new byte[8]) },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void InvalidHeaderClosesTheConnection(string what, byte[] frame)
    {
        using var client = new ScanClient(_rig.Scan);
        client.SendRaw(frame);
        Assert.True(client.IsClosedByServer(), $"{what}: connection still open");
        using var fresh = new ScanClient(_rig.Scan); // the server keeps serving others
        Assert.Equal(1000, fresh.DoHello().TimeScale);
    }

    [Fact]
    public void HelloDescribesTheSyntheticInstrument()
    {
        using var client = new ScanClient(_rig.Scan);
        var hello = client.DoHello();
        Assert.Equal(1000, hello.TimeScale);
        Assert.Equal(30, hello.BeamShiftRangeUm);
        Assert.Equal(0u, hello.PreferredWidth);
        Assert.Contains("synthetic", hello.Name);
    }

    [Fact]
    public void BeamShiftOutsideTheRangeIsError2AndTheConnectionStaysUsable()
    {
        using var client = new ScanClient(_rig.Scan);
        var e = Assert.Throws<ScanErrorReply>(() => client.DoBeamShift(15_001, 0));
        Assert.Equal(2u, e.Code);
        var e2 = Assert.Throws<ScanErrorReply>(() => client.DoSpectrum(1, 0, -15_001, 1));
        Assert.Equal(2u, e2.Code);
        client.DoBeamShift(1000, -2000);
        var status = client.DoStatus();
        Assert.Equal(1000, status.ShiftX);
        Assert.Equal(-2000, status.ShiftY);
        Assert.Equal(2u, status.LastError);
    }

    [Theory]
    [InlineData(0, 0, 64, 10, 30, 3u)]      // width 0
    [InlineData(0, 8193, 64, 10, 30, 3u)]   // width above 8192
    [InlineData(0, 64, 64, 0, 30, 3u)]      // dwell 0
    [InlineData(0, 64, 64, 1001, 30, 3u)]   // dwell above 1000 µs
    [InlineData(0, 64, 64, 10, 0, 3u)]      // fov 0
    [InlineData(2, 64, 64, 10, 30, 3u)]     // unknown detector
    public void InvalidImageParametersAreError3(int detector, int width, int height, double dwell, double fov, uint code)
    {
        using var client = new ScanClient(_rig.Scan);
        var e = Assert.Throws<ScanErrorReply>(() => client.DoImage((ushort)detector, width, height, dwell, fov));
        Assert.Equal(code, e.Code);
        Assert.Equal(1000, client.DoHello().TimeScale);
    }

    [Fact]
    public void InvalidSpectrumParametersAndReservedFieldsAreRefused()
    {
        using var client = new ScanClient(_rig.Scan);
        Assert.Equal(3u, Assert.Throws<ScanErrorReply>(() => client.DoSpectrum(3, 0, 0, 1)).Code);
        Assert.Equal(3u, Assert.Throws<ScanErrorReply>(() => client.DoSpectrum(1, 0, 0, 0)).Code);
        Assert.Equal(3u, Assert.Throws<ScanErrorReply>(() => client.DoSpectrum(1, 0, 0, 3601)).Code);
        var payload = ScanClient.SpectrumPayload(1, 0, 0, 1);
        payload[2] = 1; // reserved
        client.Send(ScanClient.AcquireSpectrum, payload);
        var f = client.ReadFrame();
        Assert.Equal(ScanClient.Error, f.Type);
        Assert.Equal(1u, ScanClient.ParseError(f).Code);
        Assert.Equal(1u, Assert.Throws<ScanErrorReply>(() => client.DoAck(ScanClient.BeamBlank, [2])).Code);
    }

    [Fact]
    public void AcquisitionsAreRefusedWithError4WhileTheInterlockIsOpen()
    {
        using var client = new ScanClient(_rig.Scan);
        using var control = new LineClient(_rig.Control);
        Assert.Equal("OK 1", control.Control("GPIO GET interlock_ok"));
        Assert.Equal("OK", control.Control("GPIO SET interlock_ok 0"));
        Assert.Equal(4u, Assert.Throws<ScanErrorReply>(() => client.DoImage(0, 64, 64, 1, 30)).Code);
        Assert.Equal(4u, Assert.Throws<ScanErrorReply>(() => client.DoSpectrum(2, 0, 0, 1)).Code);
        Assert.False(client.DoStatus().InterlockOk);
        Assert.Equal("OK", control.Control("GPIO SET interlock_ok 1"));
        Assert.Equal(64 * 64, client.DoImage(0, 64, 64, 1, 30).Pixels.Length);
    }

    [Fact]
    public void ConcurrentClientsAreServedAndRepliesEchoRequestIds()
    {
        using var a = new ScanClient(_rig.Scan);
        using var b = new ScanClient(_rig.Scan);
        uint idA = a.Send(ScanClient.Status);
        uint idB1 = b.Send(ScanClient.Hello);
        uint idB2 = b.Send(ScanClient.Status);
        Assert.Equal(idA, a.ReadFrame().RequestId);
        var b1 = b.ReadFrame();
        var b2 = b.ReadFrame();
        Assert.Equal((idB1, ScanClient.HelloReply), (b1.RequestId, b1.Type));
        Assert.Equal((idB2, ScanClient.StatusReply), (b2.RequestId, b2.Type));
    }

    [Fact]
    public void ControlPortRejectsUnknownCommandsAndLines()
    {
        using var control = new LineClient(_rig.Control);
        Assert.StartsWith("ERR unknown GPIO line 'laser'", control.Control("GPIO GET laser"));
        Assert.StartsWith("ERR", control.Control("GPIO SET acq_trigger 2"));
        Assert.Equal("OK", control.Control("GPIO SET acq_trigger 1"));
        Assert.Equal("OK 1", control.Control("GPIO GET acq_trigger"));
        Assert.StartsWith("ERR unknown command", control.Control("REBOOT"));
        Assert.StartsWith("ERR unknown fault", control.Control("FAULT meteor"));
        Assert.StartsWith("ERR", control.Control("FAULT corrupt-bytes"));
    }
}
