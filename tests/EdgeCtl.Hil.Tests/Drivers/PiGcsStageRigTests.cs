using EdgeCtl.Drivers;
using Xunit;

namespace EdgeCtl.Hil.Tests.Drivers;

/// <summary>
/// <see cref="PiGcsStage"/> against the rig's emulated PI E-727 (wire-protocol.md §1, rig.md "Stage"),
/// once over the pseudo-terminal (<see cref="SerialGcsTransport"/>) and once over TCP. A second TCP
/// connection to the same controller observes the stage independently of the driver under test.
/// </summary>
[Collection(RigDriversCollection.Name)]
public sealed class PiGcsStageRigTests(RigDriverFixture rig) : IAsyncLifetime
{
    private const string Idn = "EdgeCtl HIL stage, model E-727 emulation, SN 0001, FW 1.0";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private readonly List<IDisposable> _owned = [];

    public Task InitializeAsync() => rig.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var d in _owned) d.Dispose();
        await rig.ResetAsync();
    }

    private IGcsTransport Transport(string kind)
    {
        IGcsTransport t;
        if (kind == "tty")
        {
            Assert.NotNull(rig.Endpoints.GcsTty);
            t = rig.Endpoints.CreateGcsTransport(preferTty: true, new GcsTransportOptions { RequestTimeout = RequestTimeout });
            Assert.IsType<SerialGcsTransport>(t);
        }
        else
        {
            t = rig.Endpoints.CreateGcsTransport(preferTty: false, new GcsTransportOptions { RequestTimeout = RequestTimeout });
            Assert.IsType<TcpGcsTransport>(t);
        }
        _owned.Add(t);
        return t;
    }

    /// <summary>An independent GCS connection (TCP) to the same controller.</summary>
    private IGcsTransport Observer() => Transport("tcp");

    private static PiGcsStage Stage(IGcsTransport transport, TimeSpan? moveTimeout = null) => new(transport, new PiGcsStageOptions
    {
        MoveTimeout = moveTimeout ?? TimeSpan.FromSeconds(30),
        PollInterval = TimeSpan.FromMilliseconds(20),
    });

    private static async Task<StagePosition> PosAsync(IGcsTransport observer)
    {
        var (x, y) = GcsAnswerParser.ParseTwoAxes(await observer.QueryAsync("POS?", CancellationToken.None), observer.DeviceName, "POS?");
        return new StagePosition(x, y);
    }

    /// <summary>Asserts, through the observer, that no axis moves and both are on target (what <c>#24</c>/<c>HLT</c> leaves).</summary>
    private static async Task AssertStoppedAsync(IGcsTransport observer)
    {
        Assert.Equal("0", (await observer.QueryByteAsync(5, CancellationToken.None)).Trim());
        Assert.Equal((true, true), GcsAnswerParser.ParseTwoAxisFlags(await observer.QueryAsync("ONT? 1 2", CancellationToken.None), observer.DeviceName, "ONT?"));
    }

    /// <summary>A target 20.5 µm × 15.25 µm away from <paramref name="p"/>, towards the centre.</summary>
    private static StagePosition NearbyTarget(StagePosition p) =>
        new(p.XUm < 150 ? p.XUm + 20.5 : p.XUm - 20.5, p.YUm < 150 ? p.YUm + 15.25 : p.YUm - 15.25);

    private static double Distance(StagePosition a, StagePosition b) => Math.Sqrt(Math.Pow(a.XUm - b.XUm, 2) + Math.Pow(a.YUm - b.YUm, 2));

    [Theory]
    [InlineData("tty")]
    [InlineData("tcp")]
    public async Task Identify_initialize_move_and_read_position(string kind)
    {
        var stage = Stage(Transport(kind));
        var observer = Observer();

        Assert.Equal(Idn, await stage.IdentifyAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => stage.MoveToAsync(100, 100, CancellationToken.None));

        await stage.InitializeAsync(CancellationToken.None);
        Assert.Equal(new StageLimits(0, 300, 0, 300), stage.Limits);
        Assert.Equal(10, stage.VelocityUmPerS);

        var start = await stage.GetPositionAsync(CancellationToken.None);
        Assert.Equal(start, await PosAsync(observer));
        var target = NearbyTarget(start);
        await stage.MoveToAsync(target.XUm, target.YUm, CancellationToken.None);

        var reached = await stage.GetPositionAsync(CancellationToken.None);
        Assert.Equal(target.XUm, reached.XUm, 3);
        Assert.Equal(target.YUm, reached.YUm, 3);
        Assert.Equal(reached, await PosAsync(observer)); // one controller, seen from another connection
        await AssertStoppedAsync(observer);
        Assert.Equal("0", (await observer.QueryAsync("ERR?", CancellationToken.None)).Trim());
    }

    [Theory]
    [InlineData("tty")]
    [InlineData("tcp")]
    public async Task Target_outside_the_soft_limits_is_refused_and_the_stage_does_not_move(string kind)
    {
        var transport = Transport(kind);
        var stage = Stage(transport);
        var observer = Observer();
        await stage.InitializeAsync(CancellationToken.None);
        var start = await stage.GetPositionAsync(CancellationToken.None);

        // The driver's contract (IStage.MoveToAsync): a target outside Limits is an ArgumentOutOfRangeException
        // naming the target and the limits, raised before anything is sent.
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stage.MoveToAsync(300.5, start.YUm, CancellationToken.None));
        Assert.Contains(new StagePosition(300.5, start.YUm).ToString(), ex.Message);
        Assert.Contains(stage.Limits.ToString(), ex.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stage.MoveToAsync(start.XUm, -0.25, CancellationToken.None));
        Assert.Equal(start, await PosAsync(observer));
        Assert.Equal("0", (await observer.QueryAsync("ERR?", CancellationToken.None)).Trim()); // no MOV reached the controller

        // The controller's own guard, through the same transport: MOV beyond TMX sets PI error 7 and does not move.
        await transport.SendAsync("MOV 1 400 2 150", CancellationToken.None);
        var code = GcsAnswerParser.ParseInteger(await transport.QueryAsync("ERR?", CancellationToken.None), transport.DeviceName, "ERR?");
        Assert.Equal(7, code);
        Assert.Equal("position out of limits", GcsErrorException.Describe(code));
        Assert.Equal(start, await PosAsync(observer));
        await AssertStoppedAsync(observer);

        // and the driver still works afterwards
        var target = NearbyTarget(start);
        await stage.MoveToAsync(target.XUm, target.YUm, CancellationToken.None);
        Assert.Equal(target.XUm, (await PosAsync(observer)).XUm, 3);
    }

    [Theory]
    [InlineData("tty")]
    [InlineData("tcp")]
    public async Task Stalled_move_times_out_naming_the_target_and_the_stage_is_stopped(string kind)
    {
        var stage = Stage(Transport(kind), moveTimeout: TimeSpan.FromSeconds(1.5));
        var observer = Observer();
        await stage.InitializeAsync(CancellationToken.None);
        var start = await stage.GetPositionAsync(CancellationToken.None);
        var target = NearbyTarget(start);

        await rig.Control.SendAsync("FAULT stage-stall");
        var ex = await Assert.ThrowsAsync<StageTimeoutException>(() => stage.MoveToAsync(target.XUm, target.YUm, CancellationToken.None));

        Assert.Equal(target, ex.Target);
        Assert.Contains(target.ToString(), ex.Message);
        Assert.Equal(TimeSpan.FromSeconds(1.5), ex.Timeout);
        Assert.NotNull(ex.LastPosition);
        Assert.True(Distance(ex.LastPosition.Value, target) > 1, $"stalled stage reported at the target {ex.LastPosition}");
        // A stalled axis reports 'moving' forever until #24/HLT; #5 = 0 and ONT? = 1 prove the driver stopped it.
        await AssertStoppedAsync(observer);
        Assert.Equal(ex.LastPosition.Value, await PosAsync(observer));

        await rig.Control.SendAsync("FAULT CLEAR");
        await stage.MoveToAsync(target.XUm, target.YUm, CancellationToken.None);
        Assert.Equal(target.YUm, (await stage.GetPositionAsync(CancellationToken.None)).YUm, 3);
    }

    [Theory]
    [InlineData("tty")]
    [InlineData("tcp")]
    public async Task Cancelling_a_move_stops_the_stage(string kind)
    {
        var stage = Stage(Transport(kind));
        var observer = Observer();
        await stage.InitializeAsync(CancellationToken.None);
        var start = await stage.GetPositionAsync(CancellationToken.None);
        // ≥ 198 µm at 10 µm/s: ≥ 19.8 instrument s, about 1 s of wall time at speed-up 20.
        var target = new StagePosition(start.XUm < 150 ? 290 : 10, start.YUm < 150 ? 290 : 10);

        using var cts = new CancellationTokenSource();
        var move = stage.MoveToAsync(target.XUm, target.YUm, cts.Token);
        var seen = start;
        for (var polls = 0; Distance(seen, start) < 0.5; polls++)
        {
            Assert.False(move.IsCompleted, $"move ended before it was seen under way: {move.Status} {move.Exception}");
            Assert.True(polls < 1000, "the stage never started moving");
            await Task.Delay(10);
            seen = await PosAsync(observer);
        }
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => move);

        await AssertStoppedAsync(observer);
        var stopped = await PosAsync(observer);
        Assert.True(Distance(stopped, target) > 5, $"stage reached {stopped} although the move to {target} was cancelled");
        Assert.True(Distance(stopped, start) >= Distance(seen, start), $"stage at {stopped} is behind the position {seen} seen before the cancel");
        Assert.Equal(stopped, await stage.GetPositionAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("tty")]
    [InlineData("tcp")]
    public async Task StopAsync_interrupts_a_move_in_progress(string kind)
    {
        var stage = Stage(Transport(kind));
        var observer = Observer();
        await stage.InitializeAsync(CancellationToken.None);
        var start = await stage.GetPositionAsync(CancellationToken.None);
        var target = new StagePosition(start.XUm < 150 ? 290 : 10, start.YUm < 150 ? 290 : 10);

        var move = stage.MoveToAsync(target.XUm, target.YUm, CancellationToken.None);
        var seen = start;
        for (var polls = 0; Distance(seen, start) < 0.5; polls++)
        {
            Assert.False(move.IsCompleted, $"move ended before it was seen under way: {move.Status} {move.Exception}");
            Assert.True(polls < 1000, "the stage never started moving");
            await Task.Delay(10);
            seen = await PosAsync(observer);
        }
        await stage.StopAsync(CancellationToken.None);

        // IStage/PiGcsStage: the interrupted move fails with GcsErrorException (code 10) or StagePositionException.
        var ex = await Assert.ThrowsAnyAsync<DeviceException>(() => move);
        Assert.True(ex is GcsErrorException { Code: 10 } or StagePositionException, $"unexpected {ex.GetType().Name}: {ex.Message}");
        await AssertStoppedAsync(observer);
        var stopped = await PosAsync(observer);
        Assert.True(Distance(stopped, target) > 5, $"stage reached {stopped} although it was stopped on the way to {target}");
        Assert.Equal("0", (await observer.QueryAsync("ERR?", CancellationToken.None)).Trim());
    }
}
