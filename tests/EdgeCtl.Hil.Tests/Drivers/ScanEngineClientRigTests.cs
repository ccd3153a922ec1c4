using EdgeCtl.Drivers;
using EdgeCtl.Realtime;
using Xunit;

namespace EdgeCtl.Hil.Tests.Drivers;

/// <summary>
/// <see cref="ScanEngineClient"/> against the rig's scan engine and detectors (wire-protocol.md §2,
/// rig.md "Specimen synthetic", "Faults"), with faults armed through <see cref="RigControlClient"/>.
/// </summary>
[Collection(RigDriversCollection.Name)]
public sealed class ScanEngineClientRigTests(RigDriverFixture rig) : IAsyncLifetime
{
    private static readonly ImageRequest Haadf512 = new(DetectorKind.Haadf, 512, 512, DwellUs: 10, FovUm: 30);
    private readonly List<IDisposable> _owned = [];

    public Task InitializeAsync() => rig.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var d in _owned) d.Dispose();
        await rig.ResetAsync();
    }

    private ScanEngineClient Client(TimeSpan? requestTimeout = null)
    {
        var options = rig.Endpoints.ScanEngineOptions();
        if (requestTimeout is { } t) options = options with { RequestTimeout = t };
        var client = new ScanEngineClient(options);
        _owned.Add(client);
        return client;
    }

    /// <summary>The rig's HAADF model: 100 + Poisson(dwell × 0.02 × (420 + m)); film ≈ 184 at 10 µs, particles far above.</summary>
    private static void AssertLooksLikeHaadf(ImageFrame16 frame)
    {
        var pixels = frame.Pixels.ToArray();
        Array.Sort(pixels);
        var median = pixels[pixels.Length / 2];
        Assert.InRange(median, 160, 210);
        Assert.True(pixels[0] >= 100, $"pixel {pixels[0]} below the detector offset 100: part of the frame was never written");
        Assert.True(pixels[^1] > median + 200, $"flat image: median {median}, max {pixels[^1]} (no particle above the film)");
        for (var row = 0; row < frame.Height; row++)
        {
            double sum = 0;
            foreach (var p in frame.Row(row)) sum += p;
            Assert.InRange(sum / frame.Width, 150, 1000);
        }
    }

    [Fact]
    public async Task Connect_returns_the_hello_fields()
    {
        var client = Client();
        Assert.Null(client.Info);
        var info = await client.ConnectAsync(CancellationToken.None);

        Assert.Equal(1, info.ProtocolVersion);
        Assert.Equal(RigDriverFixture.Speedup, info.TimeScale);
        Assert.Equal(rig.Endpoints.TimeScale, info.TimeScale);
        Assert.Equal(30, info.BeamShiftRangeUm);
        Assert.Equal(0, info.PreferredImageWidth);
        Assert.Equal("EdgeCtl HIL synthetic (Au,Co,Ni)", info.Name);
        Assert.True(info.InstrumentSeconds > 0);
        Assert.Equal(info, client.Info);
        Assert.Equal(0, client.ReconnectCount);
    }

    [Fact]
    public async Task Acquires_a_512x512_haadf_image()
    {
        var client = Client();
        var before = (await client.GetStatusAsync(CancellationToken.None)).InstrumentSeconds;
        using var frame = await client.AcquireImageAsync(Haadf512, CancellationToken.None);

        Assert.Equal((512, 512), (frame.Width, frame.Height));
        Assert.Equal(512 * 512, frame.Pixels.Length);
        Assert.Equal(DetectorKind.Haadf, frame.Detector);
        Assert.Equal(30_000.0 / 512, frame.PixelSizeNm, 9);
        Assert.True(frame.InstrumentSeconds >= before + Haadf512.ExpectedSeconds,
            $"ImageEnd at T={frame.InstrumentSeconds} s, expected ≥ {before} + {Haadf512.ExpectedSeconds} s");
        AssertLooksLikeHaadf(frame);
    }

    [Fact]
    public async Task Acquires_edx_and_eels_spectra_on_the_documented_axes()
    {
        var client = Client();
        using (var edx = await client.AcquireSpectrumAsync(SpectrumKind.Edx, 0, 0, 2, CancellationToken.None))
        {
            Assert.Equal(SpectrumKind.Edx, edx.Kind);
            Assert.Equal(2048, edx.Channels);
            Assert.Equal(0, edx.Offset, 12);
            Assert.Equal(0.01, edx.Scale, 12); // keV
            Assert.Equal(2, edx.LiveSeconds);
            double total = 0;
            foreach (var c in edx.Counts) total += c;
            Assert.True(total > 500, $"EDX total {total} counts in 2 s; the film and grid alone give ≈ 550 /s");
        }

        using var eels = await client.AcquireSpectrumAsync(SpectrumKind.Eels, 0, 0, 1, CancellationToken.None);
        Assert.Equal(SpectrumKind.Eels, eels.Kind);
        Assert.Equal(1024, eels.Channels);
        Assert.Equal(400, eels.Offset, 12);  // eV
        Assert.Equal(0.5, eels.Scale, 12);
        Assert.Equal(911.5, eels.Energy(1023), 9);
        Assert.Equal(1, eels.LiveSeconds);
        // Power-law background A·(E/400)^-3 with A = 2000 × seconds: ≈ 2000 at 400 eV, ≈ 170 at 911 eV.
        double head = 0, tail = 0;
        for (var i = 0; i < 10; i++) (head, tail) = (head + eels.Counts[i] / 10, tail + eels.Counts[1014 + i] / 10);
        Assert.InRange(head, 1700, 2300);
        Assert.InRange(tail, 100, 260);
    }

    [Fact]
    public async Task Beam_shift_out_of_range_is_error_2_and_the_connection_stays_usable()
    {
        var client = Client();
        await client.SetBeamShiftAsync(1000, -2000, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ScanEngineException>(() => client.SetBeamShiftAsync(15_001, 0, CancellationToken.None));
        Assert.Equal(ScanEngineErrorCode.BeamShiftOutOfRange, ex.Code);
        Assert.Equal(2u, (uint)ex.Code);

        var status = await client.GetStatusAsync(CancellationToken.None);
        Assert.Equal(2u, status.LastErrorCode);
        Assert.Equal((1000.0, -2000.0), (status.BeamShiftXNm, status.BeamShiftYNm)); // the refused shift changed nothing
        Assert.Equal(0, client.ReconnectCount);
    }

    [Fact]
    public async Task Acquisitions_are_refused_with_error_4_while_the_interlock_is_open()
    {
        var client = Client();
        await client.ConnectAsync(CancellationToken.None);
        await rig.Control.SendAsync("GPIO SET interlock_ok 0");
        try
        {
            Assert.False((await client.GetStatusAsync(CancellationToken.None)).InterlockOk);
            var image = await Assert.ThrowsAsync<ScanEngineException>(() => client.AcquireImageAsync(Haadf512, CancellationToken.None));
            Assert.Equal(ScanEngineErrorCode.InterlockOpen, image.Code);
            var edx = await Assert.ThrowsAsync<ScanEngineException>(() => client.AcquireSpectrumAsync(SpectrumKind.Edx, 0, 0, 1, CancellationToken.None));
            Assert.Equal(ScanEngineErrorCode.InterlockOpen, edx.Code);
            var eels = await Assert.ThrowsAsync<ScanEngineException>(() => client.AcquireSpectrumAsync(SpectrumKind.Eels, 0, 0, 1, CancellationToken.None));
            Assert.Equal(ScanEngineErrorCode.InterlockOpen, eels.Code);
        }
        finally
        {
            await rig.Control.SendAsync("GPIO SET interlock_ok 1");
        }

        Assert.True((await client.GetStatusAsync(CancellationToken.None)).InterlockOk);
        using var frame = await client.AcquireImageAsync(Haadf512 with { Width = 64, Height = 64 }, CancellationToken.None);
        Assert.Equal(64 * 64, frame.Pixels.Length);
        Assert.Equal(0, client.ReconnectCount);
    }

    [Fact]
    public async Task Connection_closed_mid_image_is_retried_and_the_image_arrives_whole()
    {
        var client = Client();
        await client.ConnectAsync(CancellationToken.None);
        var causes = new List<Exception?>();
        client.Reconnected += (_, e) => causes.Add(e.Cause);

        await rig.Control.SendAsync("FAULT tcp-close-mid-image 1");
        using var frame = await client.AcquireImageAsync(Haadf512, CancellationToken.None);

        Assert.Equal(1, client.ReconnectCount);
        var cause = Assert.Single(causes);
        Assert.IsAssignableFrom<IOException>(cause);
        Assert.Equal((512, 512), (frame.Width, frame.Height));
        Assert.True(frame.InstrumentSeconds > 0, "no ImageEnd was received");
        AssertLooksLikeHaadf(frame); // every row, including the half the cut connection never sent
    }

    [Fact]
    public async Task Corrupted_reply_is_a_protocol_error_and_the_next_request_reconnects()
    {
        var client = Client();
        await client.ConnectAsync(CancellationToken.None);

        await rig.Control.SendAsync("FAULT corrupt-bytes 4"); // inverts the magic of the next frame header
        var ex = await Assert.ThrowsAsync<ProtocolException>(() => client.GetStatusAsync(CancellationToken.None));
        Assert.Contains("bad frame magic", ex.Message);
        Assert.Contains(rig.Endpoints.ScanPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Device);

        var status = await client.GetStatusAsync(CancellationToken.None);
        Assert.True(status.InterlockOk);
        Assert.Equal(1, client.ReconnectCount);
        using var spectrum = await client.AcquireSpectrumAsync(SpectrumKind.Eels, 0, 0, 0.5, CancellationToken.None);
        Assert.Equal(1024, spectrum.Channels);
    }

    [Fact]
    public async Task Connection_closed_by_the_engine_is_reopened_by_the_next_request()
    {
        var client = Client();
        await client.ConnectAsync(CancellationToken.None);
        Assert.Equal(0, client.ReconnectCount);

        await rig.Control.SendAsync("FAULT close-scan");
        await client.SetBeamShiftAsync(500, 500, CancellationToken.None);

        Assert.Equal(1, client.ReconnectCount);
        var status = await client.GetStatusAsync(CancellationToken.None);
        Assert.Equal((500.0, 500.0), (status.BeamShiftXNm, status.BeamShiftYNm));
        Assert.Equal(1, client.ReconnectCount);
    }

    [Fact]
    public async Task Reply_delayed_beyond_the_request_timeout_is_a_DeviceTimeoutException()
    {
        var client = Client(requestTimeout: TimeSpan.FromMilliseconds(300));
        await client.ConnectAsync(CancellationToken.None);

        await rig.Control.SendAsync("FAULT delay-ms 1500");
        var ex = await Assert.ThrowsAsync<DeviceTimeoutException>(() => client.GetStatusAsync(CancellationToken.None));
        Assert.Contains("Status", ex.Request);
        Assert.Equal(TimeSpan.FromMilliseconds(300), ex.Timeout);

        await rig.Control.SendAsync("FAULT CLEAR");
        Assert.True((await client.GetStatusAsync(CancellationToken.None)).InterlockOk);
        Assert.Equal(1, client.ReconnectCount);
    }
}
