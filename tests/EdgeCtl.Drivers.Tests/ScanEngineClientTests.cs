using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EdgeCtl.Drivers.Tests.Support;
using EdgeCtl.Realtime;
using Xunit;

namespace EdgeCtl.Drivers.Tests;

/// <summary>The scan-engine client against a real TCP listener that sends crafted byte sequences (wire-protocol.md §2).</summary>
public sealed class ScanEngineClientTests
{
    private static readonly ImageRequest Request = new(DetectorKind.Haadf, Width: 37, Height: 10, DwellUs: 2.5, FovUm: 30);

    /// <summary>Answers one AcquireImage completely, in blocks of the given row counts.</summary>
    private static async Task<ReceivedRequest> ServeImageAsync(ScanConnection c, params int[] blocks)
    {
        var req = await c.ReadRequestAsync();
        Assert.Equal(0x0003, req.Type);
        await c.SendAsync(Wire.Header(req.Id, 37, 10));
        var row = 0;
        foreach (var n in blocks)
        {
            await c.SendAsync(Wire.Lines(req.Id, 37, row, n));
            row += n;
        }
        await c.SendAsync(Wire.End(req.Id, 99.25));
        return req;
    }

    private static void AssertImage(ImageFrame16 frame)
    {
        Assert.Equal(37, frame.Width);
        Assert.Equal(10, frame.Height);
        for (var r = 0; r < 10; r++)
            for (var c = 0; c < 37; c++)
                Assert.Equal(Wire.Pixel(c, r), frame.Row(r)[c]);
    }

    [Fact]
    public async Task Connect_returns_the_hello_information()
    {
        await using var server = new ScanServer(async c => await c.AnswerHelloAsync(timeScale: 1000, t: 12.5));
        using var client = server.CreateClient();

        var info = await client.ConnectAsync(CancellationToken.None);

        Assert.Equal(new ScanEngineInfo(1, 1000, 12.5, 30, 128, "scripted scan engine"), info);
        Assert.Equal(12.5, client.LastInstrumentSeconds);
        Assert.Equal(0, client.ReconnectCount);
    }

    [Fact]
    public async Task Image_sent_in_several_line_blocks_is_assembled_in_the_pooled_frame()
    {
        ReceivedRequest? seen = null;
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            seen = await ServeImageAsync(c, 3, 3, 4);
        });
        using var client = server.CreateClient();

        using var frame = await client.AcquireImageAsync(Request, CancellationToken.None);

        AssertImage(frame);
        Assert.Equal(DetectorKind.Haadf, frame.Detector);
        Assert.Equal(8.5, frame.PixelSizeNm);
        Assert.Equal((150.0, 120.0), (frame.StageXUm, frame.StageYUm));
        Assert.Equal(99.25, frame.InstrumentSeconds);
        Assert.Equal(99.25, client.LastInstrumentSeconds);
        await server.ScriptsCompletedAsync();
        var p = seen!.Payload;
        Assert.Equal(28, p.Length);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(p));
        Assert.Equal(37u, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4)));
        Assert.Equal(10u, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(8)));
        Assert.Equal(2.5, BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(12)));
        Assert.Equal(30.0, BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(20)));
    }

    [Fact]
    public async Task Image_larger_than_the_staging_buffer_is_streamed_in_chunks()
    {
        var big = new ImageRequest(DetectorKind.BrightField, 512, 300, 1, 10); // 300 KiB of pixels in 3 blocks
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            var req = await c.ReadRequestAsync();
            await c.SendAsync(Wire.Header(req.Id, 512, 300, detector: 1));
            await c.SendAsync(Wire.Lines(req.Id, 512, 0, 150), Wire.Lines(req.Id, 512, 150, 100), Wire.Lines(req.Id, 512, 250, 50), Wire.End(req.Id, 5));
        });
        using var client = server.CreateClient();

        using var frame = await client.AcquireImageAsync(big, CancellationToken.None);

        Assert.Equal(Wire.Pixel(0, 0), frame.Row(0)[0]);
        Assert.Equal(Wire.Pixel(511, 149), frame.Row(149)[511]);
        Assert.Equal(Wire.Pixel(300, 150), frame.Row(150)[300]);
        Assert.Equal(Wire.Pixel(511, 299), frame.Row(299)[511]);
    }

    public static TheoryData<string, byte[], string> BadHeaders => new()
    {
        { "bad magic", Wire.Frame(Wire.StatusReply, 2, new byte[32], magic: "EDGX"), "bad frame magic" },
        { "wrong version", Wire.Frame(Wire.StatusReply, 2, new byte[32], version: 2), "unsupported protocol version 2" },
        { "unknown type", Wire.Frame(0x8002, 2, new byte[32]), "unknown reply type 0x8002" },
        { "request type as reply", Wire.Frame(0x0007, 2, []), "unknown reply type 0x0007" },
        { "oversize length", Wire.Frame(Wire.StatusReply, 2, [], length: 2 * 1024 * 1024), "exceeds the 1 MiB maximum" },
        { "wrong fixed size", Wire.Frame(Wire.StatusReply, 2, new byte[40]), "payload length 40, expected exactly 32" },
        { "mismatched request id", Wire.Status(77, 1, 0, 0, false, true, 0), "request id 77 while waiting for Status #2" },
        { "other reply type", Wire.AckFrame(2, 1), "unexpected Ack reply to Status #2" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task Protocol_violation_raises_ProtocolException_drops_the_connection_and_the_next_request_reconnects(string _, byte[] reply, string expected)
    {
        await using var server = new ScanServer(
            async c =>
            {
                await c.AnswerHelloAsync();     // request id 1
                await c.ReadRequestAsync();     // Status, id 2
                await c.SendAsync(reply);       // the violation; the connection stays open: the client must not wait for more
            },
            async c =>
            {
                var hello = await c.AnswerHelloAsync();
                var status = await c.ReadRequestAsync();
                await c.SendAsync(Wire.Status(status.Id, 42, 100, -200, true, false, 4));
            });
        using var client = server.CreateClient();
        Exception? cause = null;
        client.Reconnected += (_, e) => cause = e.Cause;

        var ex = await Assert.ThrowsAsync<ProtocolException>(() => client.GetStatusAsync(CancellationToken.None));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("test scan engine", ex.Message);

        var status = await client.GetStatusAsync(CancellationToken.None);
        Assert.Equal(new ScanEngineStatus(42, 100, -200, true, false, 4), status);
        Assert.Equal(2, server.Accepted);
        Assert.Equal(1, client.ReconnectCount);
        Assert.Same(ex, cause);
    }

    [Fact]
    public async Task Oversize_image_lines_length_is_rejected_before_reading_the_payload()
    {
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            var req = await c.ReadRequestAsync();
            await c.SendAsync(Wire.Header(req.Id, 37, 10), Wire.Frame(Wire.ImageLines, req.Id, [], length: (1 << 20) + 1));
        });
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<ProtocolException>(() => client.AcquireImageAsync(Request, CancellationToken.None));
        Assert.Contains("ImageLines payload length 1048577 exceeds", ex.Message);
    }

    [Fact]
    public async Task Connection_closed_mid_image_is_retried_once_on_a_fresh_connection()
    {
        var requests = new List<ReceivedRequest>();
        await using var server = new ScanServer(
            async c =>
            {
                await c.AnswerHelloAsync();
                var req = await c.ReadRequestAsync();
                requests.Add(req);
                await c.SendAsync(Wire.Header(req.Id, 37, 10), Wire.Lines(req.Id, 37, 0, 3), Wire.Lines(req.Id, 37, 3, 2)[..40]);
                c.Close();
            },
            async c =>
            {
                await c.AnswerHelloAsync();
                requests.Add(await ServeImageAsync(c, 10));
            });
        using var client = server.CreateClient();

        using var frame = await client.AcquireImageAsync(Request, CancellationToken.None);

        AssertImage(frame);
        Assert.Equal(1, client.ReconnectCount);
        await server.ScriptsCompletedAsync();
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Payload, requests[1].Payload);
        Assert.NotEqual(requests[0].Id, requests[1].Id);
    }

    [Fact]
    public async Task Connection_closed_mid_image_twice_gives_DeviceConnectionException()
    {
        static async Task Truncate(ScanConnection c)
        {
            await c.AnswerHelloAsync();
            var req = await c.ReadRequestAsync();
            await c.SendAsync(Wire.Header(req.Id, 37, 10), Wire.Lines(req.Id, 37, 0, 5));
            c.Close();
        }
        await using var server = new ScanServer(Truncate, Truncate);
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<DeviceConnectionException>(() => client.AcquireImageAsync(Request, CancellationToken.None));
        Assert.Contains("AcquireImage", ex.Message);
        Assert.Contains("already retried once", ex.Message);
    }

    public static TheoryData<string, Func<uint, byte[][]>, string> BadImages => new()
    {
        { "row skipped", id => [Wire.Header(id, 37, 10), Wire.Lines(id, 37, 0, 3), Wire.Lines(id, 37, 4, 6)], "starts at row 4; row 3 was expected" },
        { "row repeated", id => [Wire.Header(id, 37, 10), Wire.Lines(id, 37, 0, 3), Wire.Lines(id, 37, 2, 3)], "starts at row 2; row 3 was expected" },
        { "too many rows", id => [Wire.Header(id, 37, 10), Wire.Lines(id, 37, 0, 3), Wire.Lines(id, 37, 3, 8)], "carries 8 rows from row 3; 1 … 7 remain" },
        { "end too early", id => [Wire.Header(id, 37, 10), Wire.Lines(id, 37, 0, 3), Wire.End(id, 1)], "ImageEnd for AcquireImage #2 after 3 of 10 rows" },
        { "wrong width", id => [Wire.Header(id, 36, 10)], "announces 36×10 pixels; 37×10 were requested" },
        { "wrong bits", id => [Wire.Header(id, 37, 10, bpp: 8)], "8 bits per pixel" },
        { "lines before header", id => [Wire.Lines(id, 37, 0, 3)], "unexpected ImageLines reply to AcquireImage #2 (expected ImageHeader)" },
        { "inconsistent block size", id => [Wire.Header(id, 37, 10), Wire.Lines(id, 36, 0, 3)], "need 230" },
    };

    [Theory]
    [MemberData(nameof(BadImages))]
    public async Task Malformed_image_sequence_is_a_ProtocolException(string _, Func<uint, byte[][]> reply, string expected)
    {
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            var req = await c.ReadRequestAsync();
            await c.SendAsync(reply(req.Id));
        });
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<ProtocolException>(() => client.AcquireImageAsync(Request, CancellationToken.None));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task Error_reply_raises_ScanEngineException_and_the_connection_stays_usable()
    {
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            var image = await c.ReadRequestAsync();
            await c.SendAsync(Wire.ErrorFrame(image.Id, 4, "interlock open"));
            var blank = await c.ReadRequestAsync();
            Assert.Equal(0x0006, blank.Type);
            Assert.Equal([1], blank.Payload);
            await c.SendAsync(Wire.AckFrame(blank.Id, 77));
        });
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<ScanEngineException>(() => client.AcquireImageAsync(Request, CancellationToken.None));
        Assert.Equal(ScanEngineErrorCode.InterlockOpen, ex.Code);
        Assert.Equal("interlock open", ex.Text);
        Assert.Contains("AcquireImage #2", ex.Message);

        await client.SetBeamBlankAsync(true, CancellationToken.None);
        Assert.Equal(77, client.LastInstrumentSeconds);
        Assert.Equal(1, server.Accepted);
        Assert.Equal(0, client.ReconnectCount);
        await server.ScriptsCompletedAsync();
    }

    [Fact]
    public async Task Spectrum_counts_are_decoded_to_doubles_with_the_energy_axis()
    {
        uint[] counts = [0, 1, 65536, 3_000_000_000, uint.MaxValue];
        ReceivedRequest? seen = null;
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            seen = await c.ReadRequestAsync();
            await c.SendAsync(Wire.SpectrumFrame(seen.Id, 2, counts, offset: 400, scale: 0.5, live: 1, t: 321));
        });
        using var client = server.CreateClient();

        using var spectrum = await client.AcquireSpectrumAsync(SpectrumKind.Eels, -1500, 2500, 1, CancellationToken.None);

        Assert.Equal(SpectrumKind.Eels, spectrum.Kind);
        Assert.Equal(5, spectrum.Channels);
        Assert.Equal(400, spectrum.Offset);
        Assert.Equal(0.5, spectrum.Scale);
        Assert.Equal(1, spectrum.LiveSeconds);
        Assert.Equal(321, spectrum.InstrumentSeconds);
        Assert.Equal(counts.Select(c => (double)c), spectrum.Counts.ToArray());
        await server.ScriptsCompletedAsync();
        Assert.Equal(0x0004, seen!.Type);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(seen.Payload));
        Assert.Equal(-1500.0, BinaryPrimitives.ReadDoubleLittleEndian(seen.Payload.AsSpan(4)));
        Assert.Equal(2500.0, BinaryPrimitives.ReadDoubleLittleEndian(seen.Payload.AsSpan(12)));
        Assert.Equal(1.0, BinaryPrimitives.ReadDoubleLittleEndian(seen.Payload.AsSpan(20)));
    }

    [Fact]
    public async Task Spectrum_with_inconsistent_channel_count_is_rejected()
    {
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            var req = await c.ReadRequestAsync();
            var frame = Wire.SpectrumFrame(req.Id, 1, [1, 2, 3], 0, 0.01, 10, 1);
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(16 + 4), 4); // claims 4 channels, carries 3
            await c.SendAsync(frame);
        });
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<ProtocolException>(() => client.AcquireSpectrumAsync(SpectrumKind.Edx, 0, 0, 10, CancellationToken.None));
        Assert.Contains("4 channels need 56", ex.Message);
    }

    [Fact]
    public async Task Beam_shift_and_retune_send_their_payloads_and_track_instrument_time()
    {
        var seen = new List<ReceivedRequest>();
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            var shift = await c.ReadRequestAsync();
            seen.Add(shift);
            await c.SendAsync(Wire.AckFrame(shift.Id, 20));
            var retune = await c.ReadRequestAsync();
            seen.Add(retune);
            await c.SendAsync(Wire.AckFrame(retune.Id, 25));
        });
        using var client = server.CreateClient();

        await client.SetBeamShiftAsync(1234.5, -678.25, CancellationToken.None);
        Assert.Equal(20, client.LastInstrumentSeconds);
        await client.RetuneAsync(CancellationToken.None);
        Assert.Equal(25, client.LastInstrumentSeconds);

        await server.ScriptsCompletedAsync();
        Assert.Equal(0x0002, seen[0].Type);
        Assert.Equal(1234.5, BinaryPrimitives.ReadDoubleLittleEndian(seen[0].Payload));
        Assert.Equal(-678.25, BinaryPrimitives.ReadDoubleLittleEndian(seen[0].Payload.AsSpan(8)));
        Assert.Equal(0x0005, seen[1].Type);
        Assert.Empty(seen[1].Payload);
    }

    [Fact]
    public async Task Server_that_never_answers_gives_DeviceTimeoutException()
    {
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            await c.ReadRequestAsync(); // and never answer
        });
        using var client = server.CreateClient(requestTimeout: TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<DeviceTimeoutException>(() => client.GetStatusAsync(CancellationToken.None));
        Assert.Equal("Status #2", ex.Request);
        Assert.Equal("test scan engine", ex.Device);
    }

    [Fact]
    public async Task Caller_cancellation_is_an_OperationCanceledException_not_a_timeout()
    {
        await using var server = new ScanServer(async c =>
        {
            await c.AnswerHelloAsync();
            await c.ReadRequestAsync();
        });
        using var client = server.CreateClient(requestTimeout: TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetStatusAsync(cts.Token));
        Assert.IsNotType<DeviceTimeoutException>(ex);
    }

    [Fact]
    public async Task Nobody_listening_gives_DeviceConnectionException_after_the_retries()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var client = new ScanEngineClient(new ScanEngineOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ConnectRetryAttempts = 2,
            ConnectRetryBaseDelay = TimeSpan.FromMilliseconds(5),
        });

        var ex = await Assert.ThrowsAsync<DeviceConnectionException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.Contains($"cannot connect to 127.0.0.1:{port} (3 attempts)", ex.Message);
        Assert.IsType<SocketException>(ex.InnerException);
    }

    [Fact]
    public void Invalid_requests_are_rejected_before_anything_is_sent()
    {
        using var client = new ScanEngineClient(new ScanEngineOptions { Host = "127.0.0.1", Port = 9 });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.AcquireImageAsync(Request with { Width = 0 }, CancellationToken.None); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.AcquireImageAsync(Request with { Height = 8193 }, CancellationToken.None); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.AcquireImageAsync(Request with { DwellUs = 0 }, CancellationToken.None); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.AcquireImageAsync(Request with { FovUm = double.NaN }, CancellationToken.None); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.AcquireSpectrumAsync(SpectrumKind.Edx, 0, 0, 3601, CancellationToken.None); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.AcquireSpectrumAsync((SpectrumKind)7, 0, 0, 1, CancellationToken.None); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.SetBeamShiftAsync(double.PositiveInfinity, 0, CancellationToken.None); });
    }
}
