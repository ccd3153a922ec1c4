using System.Globalization;
using EdgeCtl.Drivers;
using EdgeCtl.Realtime;
using Xunit;

namespace EdgeCtl.Hil.Tests.Drivers;

/// <summary>
/// <see cref="RigControlClient"/> and <see cref="RigDigitalLines"/> against the rig's control port
/// (wire-protocol.md §3–4, rig.md "Virtual instrument clock"), cross-checked with the scan engine.
/// </summary>
[Collection(RigDriversCollection.Name)]
public sealed class RigControlRigTests(RigDriverFixture rig) : IAsyncLifetime
{
    private readonly List<IDisposable> _owned = [];

    public Task InitializeAsync() => rig.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var d in _owned) d.Dispose();
        await rig.ResetAsync();
    }

    private ScanEngineClient Scan()
    {
        var client = new ScanEngineClient(rig.Endpoints.ScanEngineOptions());
        _owned.Add(client);
        return client;
    }

    [Fact]
    public void Ready_line_parses_into_the_rig_endpoints()
    {
        var e = rig.Endpoints;
        Assert.Equal(rig.Rig.Scan.Port, e.ScanPort);
        Assert.Equal(rig.Rig.GcsTcp.Port, e.GcsTcpPort);
        Assert.Equal(rig.Rig.Control.Port, e.ControlPort);
        Assert.Equal(rig.Rig.GcsTty, e.GcsTty);
        Assert.Equal("synthetic", e.Specimen);
        Assert.Equal(["Au", "Co", "Ni"], e.Elements);
        Assert.Equal(RigDriverFixture.Speedup, e.TimeScale);
    }

    [Fact]
    public async Task Beam_blank_is_written_and_read_back_and_is_the_scan_engines_blanking_line()
    {
        var lines = new RigDigitalLines(rig.Control);
        var scan = Scan();

        lines.Write(DigitalLine.BeamBlank, true);
        Assert.True(lines.Read(DigitalLine.BeamBlank));
        Assert.Equal("1", await rig.Control.SendAsync("GPIO GET beam_blank"));
        Assert.True((await scan.GetStatusAsync(CancellationToken.None)).BeamBlanked);

        lines.Write(DigitalLine.BeamBlank, false);
        Assert.False(lines.Read(DigitalLine.BeamBlank));
        Assert.False((await scan.GetStatusAsync(CancellationToken.None)).BeamBlanked);

        await scan.SetBeamBlankAsync(true, CancellationToken.None); // the other way round: scan engine → line
        Assert.True(lines.Read(DigitalLine.BeamBlank));
        await scan.SetBeamBlankAsync(false, CancellationToken.None);
        Assert.False(lines.Read(DigitalLine.BeamBlank));

        lines.Write(DigitalLine.AcqTrigger, true);
        Assert.True(lines.Read(DigitalLine.AcqTrigger));
        lines.Write(DigitalLine.AcqTrigger, false);
        Assert.False(lines.Read(DigitalLine.AcqTrigger));
    }

    [Fact]
    public async Task Interlock_ok_is_read_and_is_an_input_for_the_driver()
    {
        var lines = new RigDigitalLines(rig.Control);
        var scan = Scan();
        Assert.True(lines.Read(DigitalLine.InterlockOk));

        var ex = Assert.Throws<InvalidOperationException>(() => lines.Write(DigitalLine.InterlockOk, false));
        Assert.Contains("interlock_ok", ex.Message);
        Assert.True(lines.Read(DigitalLine.InterlockOk)); // the refused write changed nothing

        await rig.Control.SetGpioAsync(DigitalLine.InterlockOk, false); // the test drives the input
        try
        {
            Assert.False(lines.Read(DigitalLine.InterlockOk));
            Assert.False((await scan.GetStatusAsync(CancellationToken.None)).InterlockOk);
        }
        finally
        {
            await rig.Control.SetGpioAsync(DigitalLine.InterlockOk, true);
        }
        Assert.True(lines.Read(DigitalLine.InterlockOk));
        Assert.True((await scan.GetStatusAsync(CancellationToken.None)).InterlockOk);

        var unknown = await Assert.ThrowsAsync<RigControlException>(() => rig.Control.SendAsync("GPIO GET no_such_line"));
        Assert.Contains("no_such_line", unknown.Text);
    }

    [Fact]
    public async Task Clock_advances_by_the_acquisition_durations_in_instrument_seconds()
    {
        var scan = Scan();
        await scan.ConnectAsync(CancellationToken.None);

        var t0 = await rig.Control.GetClockAsync();
        using (var edx = await scan.AcquireSpectrumAsync(SpectrumKind.Edx, 0, 0, 2, CancellationToken.None))
        {
            var t1 = await rig.Control.GetClockAsync();
            Assert.InRange(t1 - t0, 2.0, 2.5); // 2 s of live time + one 20-ms command overhead
            Assert.InRange(edx.InstrumentSeconds, t0 + 2, t1);
        }

        t0 = await rig.Control.GetClockAsync();
        using (var eels = await scan.AcquireSpectrumAsync(SpectrumKind.Eels, 0, 0, 1, CancellationToken.None))
            Assert.InRange(await rig.Control.GetClockAsync() - t0, 1.0, 1.5);

        var image = new ImageRequest(DetectorKind.Haadf, 512, 512, DwellUs: 10, FovUm: 30); // 2.62144 s
        t0 = await rig.Control.GetClockAsync();
        using (var frame = await scan.AcquireImageAsync(image, CancellationToken.None))
            Assert.InRange(await rig.Control.GetClockAsync() - t0, image.ExpectedSeconds, image.ExpectedSeconds + 0.5);

        t0 = await rig.Control.GetClockAsync();
        await scan.RetuneAsync(CancellationToken.None);
        var afterRetune = await rig.Control.GetClockAsync();
        Assert.InRange(afterRetune - t0, 5.0, 5.5);
        Assert.Equal(afterRetune, scan.LastInstrumentSeconds, 9);

        // control-port commands cost nothing
        Assert.Equal(afterRetune, await rig.Control.GetClockAsync());
    }

    [Fact]
    public async Task Target_returns_one_value_per_composition_and_elements_give_their_order()
    {
        Assert.Equal(["Au", "Co", "Ni"], await rig.Control.GetElementsAsync());

        double[] compositions = [1, 0, 0, 0, 1, 0, 0.2, 0.3, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3];
        var y = await rig.Control.GetTargetAsync(compositions, 3);
        Assert.Equal(4, y.Length);
        // y(c) = Σ_k w_k exp(−‖c − μ_k‖² / 2σ²), 10 Gaussians with w_k in [0.5, 1]
        Assert.All(y, v => Assert.InRange(v, 0.0, 10.0));
        Assert.True(y.Distinct().Count() > 1, $"target is flat: {string.Join(", ", y)}");

        for (var i = 0; i < 4; i++)
        {
            var single = await rig.Control.GetTargetAsync(compositions.AsMemory(3 * i, 3), 3);
            Assert.Equal(y[i], Assert.Single(single)); // batched and single queries agree, and the target is fixed
        }

        var wrong = await Assert.ThrowsAsync<RigControlException>(() => rig.Control.GetTargetAsync(new double[] { 0.5, 0.5 }, 2));
        Assert.Contains("expected 3", wrong.Text);
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Control.GetTargetAsync(new double[] { 0.5, 0.5 }, 3));

        var particles = int.Parse(await rig.Control.SendAsync("PARTICLES"), CultureInfo.InvariantCulture);
        Assert.InRange(particles, 1500, 2100); // Poisson, mean 0.02 µm⁻² × 300 × 300 µm = 1800
    }
}
