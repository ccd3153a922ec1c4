using System.Buffers.Binary;
using System.Globalization;
using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>Faults armed through the control port (docs/wire-protocol.md §4).</summary>
public sealed class FaultTests : IDisposable
{
    private readonly RigProcess _rig = RigProcess.Start("--no-pty", "--speedup", "20");
    private readonly LineClient _control;

    public FaultTests() => _control = new LineClient(_rig.Control);

    public void Dispose()
    {
        _control.Dispose();
        _rig.Dispose();
    }

    [Fact]
    public void TcpCloseMidImageSendsHeaderAndAboutHalfTheLinesThenCloses()
    {
        Assert.Equal("OK", _control.Control("FAULT tcp-close-mid-image"));
        using (var client = new ScanClient(_rig.Scan))
        {
            uint id = client.Send(ScanClient.AcquireImage, ScanClient.ImagePayload(0, 256, 256, 1, 30));
            var header = client.ReadFrame();
            Assert.Equal((ScanClient.ImageHeader, id), (header.Type, header.RequestId));
            int lines = 0;
            while (client.TryReadFrame() is { } f)
            {
                Assert.Equal(ScanClient.ImageLines, f.Type); // never ImageEnd
                lines += (int)BinaryPrimitives.ReadUInt32LittleEndian(f.Payload.AsSpan(4));
            }
            Assert.InRange(lines, 1, 255);
        }
        using var again = new ScanClient(_rig.Scan); // count was 1: the next image is whole
        Assert.Equal(256 * 256, again.DoImage(0, 256, 256, 1, 30).Pixels.Length);
    }

    [Fact]
    public void StageStallNeverReachesTheTargetUntilHalted()
    {
        using var gcs = new LineClient(_rig.GcsTcp);
        using var control = new LineClient(_rig.Control);
        Assert.Equal("OK", control.Control("FAULT stage-stall"));
        gcs.Send("MOV 1 160"); // 1 s of motion at 10 µm/s
        Assert.Equal("0\n", gcs.Query("ERR?"));
        double start = double.Parse(control.Control("CLOCK")[3..], CultureInfo.InvariantCulture);
        int polls = 0;
        double now = start;
        while (now - start < 60) // a driver waiting 60 instrument seconds for on-target times out
        {
            Assert.Equal("1=0 \n2=1\n", gcs.Query("ONT? 1 2"));
            gcs.SendRaw([0x05]);
            Assert.Equal("1\n", gcs.ReadLine());
            now = double.Parse(control.Control("CLOCK")[3..], CultureInfo.InvariantCulture);
            Assert.True(++polls < 100_000, "clock does not advance during motion queries");
        }
        var pos = Gcs.ParseAxes(gcs.Query("POS?"));
        Assert.InRange(pos[1], 150.0, 159.999); // stopped short of the target
        gcs.Send("HLT");
        Assert.Equal("10\n", gcs.Query("ERR?"));
        Assert.Equal("1=1 \n2=1\n", gcs.Query("ONT? 1 2"));

        Assert.Equal("OK", control.Control("FAULT CLEAR"));
        gcs.Send("MOV 1 160");
        Gcs.WaitOnTarget(gcs.Query);
        Assert.Equal(160, Gcs.ParseAxes(gcs.Query("POS?"))[1], 6);
    }

    [Fact]
    public void CorruptBytesFlipsTheNextBytesSent()
    {
        using var client = new ScanClient(_rig.Scan);
        Assert.Equal("OK", _control.Control("FAULT corrupt-bytes 4"));
        client.Send(ScanClient.Status);
        var head = client.TryReadExactly(16)!;
        Assert.Equal("EDGE"u8.ToArray().Select(b => (byte)~b).ToArray(), head[..4]);
        Assert.Equal(32u, BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12))); // the rest is intact
        client.TryReadExactly(32);
        Assert.True(client.DoStatus().InterlockOk); // only 4 bytes were affected
    }

    [Fact]
    public void DropBytesRemovesTheNextBytesSilently()
    {
        using var client = new ScanClient(_rig.Scan);
        Assert.Equal("OK", _control.Control("FAULT drop-bytes 16"));
        client.Send(ScanClient.Status);   // its 16-byte header is dropped …
        client.Send(ScanClient.Retune);
        var payload = client.TryReadExactly(32)!; // … so the StatusReply payload arrives first
        Assert.NotEqual("EDGE"u8.ToArray(), payload[..4]);
        var ack = client.ReadFrame();
        Assert.Equal(ScanClient.Ack, ack.Type);
    }

    [Fact]
    public void DelayMsStillDeliversEveryReply()
    {
        using var client = new ScanClient(_rig.Scan);
        Assert.Equal("OK", _control.Control("FAULT delay-ms 5"));
        Assert.Equal(20, client.DoHello().TimeScale);
        Assert.Equal("OK", _control.Control("FAULT CLEAR"));
    }

    [Fact]
    public void CloseScanClosesEveryOpenConnection()
    {
        using var a = new ScanClient(_rig.Scan);
        using var b = new ScanClient(_rig.Scan);
        a.DoHello();
        b.DoHello();
        Assert.Equal("OK", _control.Control("FAULT close-scan"));
        Assert.True(a.IsClosedByServer());
        Assert.True(b.IsClosedByServer());
        using var c = new ScanClient(_rig.Scan);
        Assert.Equal(20, c.DoHello().TimeScale);
    }
}
