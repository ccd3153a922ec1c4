using System.Net;
using System.Net.Sockets;
using EdgeCtl.Drivers.Tests.Support;
using Xunit;

namespace EdgeCtl.Drivers.Tests;

/// <summary>The PI GCS stage driver over the serial transport, against a scripted device on a real pty.</summary>
public sealed class PiGcsStageTests : IDisposable
{
    private readonly Pty _pty = new();
    private readonly ScriptedGcsDevice _device;
    private readonly SerialGcsTransport _transport;

    public PiGcsStageTests()
    {
        _device = new ScriptedGcsDevice(_pty);
        _transport = new SerialGcsTransport(_pty.SlavePath, options: new GcsTransportOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
    }

    public void Dispose()
    {
        _transport.Dispose();
        _device.Dispose();
        _pty.Dispose();
    }

    private PiGcsStage Stage(TimeSpan? moveTimeout = null) => new(_transport, new PiGcsStageOptions
    {
        MoveTimeout = moveTimeout ?? TimeSpan.FromSeconds(30),
        PollInterval = TimeSpan.FromMilliseconds(1),
    });

    [Fact]
    public async Task Identify_returns_the_idn_line()
    {
        Assert.Equal("Scripted PI E-727 emulation, SN 0042, FW 1.0", await Stage().IdentifyAsync(CancellationToken.None));
        Assert.Equal(["*IDN?"], _device.Log);
    }

    [Fact]
    public async Task Initialize_switches_servo_on_and_reads_limits_and_velocity_from_multi_line_answers()
    {
        var stage = Stage();
        Assert.Throws<InvalidOperationException>(() => stage.Limits);

        await stage.InitializeAsync(CancellationToken.None);

        Assert.Equal(new StageLimits(0, 300, 0, 300), stage.Limits);
        Assert.Equal(10, stage.VelocityUmPerS);
        Assert.Equal(["SVO 1 1 2 1", "ERR?", "SVO?", "TMN?", "TMX?", "VEL?"], _device.Log);
    }

    [Fact]
    public async Task Move_polls_motion_status_until_on_target_then_checks_errors_and_position()
    {
        var stage = Stage();
        await stage.InitializeAsync(CancellationToken.None);
        _device.Log.Clear();
        _device.MovingPolls = 3;

        await stage.MoveToAsync(123.456789, 7.5, CancellationToken.None);

        Assert.Equal(["MOV 1 123.456789 2 7.500000", "ERR?", "#5", "#5", "#5", "#5", "ERR?", "POS?"], _device.Log);
        Assert.Equal(new StagePosition(123.456789, 7.5), await stage.GetPositionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Stalled_move_times_out_stops_the_stage_and_names_target_and_last_position()
    {
        var stage = Stage(moveTimeout: TimeSpan.FromMilliseconds(200));
        await stage.InitializeAsync(CancellationToken.None);
        _device.Stall = true;

        var ex = await Assert.ThrowsAsync<StageTimeoutException>(() => stage.MoveToAsync(100, 200, CancellationToken.None));

        Assert.Equal(new StagePosition(100, 200), ex.Target);
        Assert.NotNull(ex.LastPosition);
        Assert.Contains("(100.000, 200.000) µm", ex.Message);
        Assert.Contains("#24", _device.Log);
        var log = _device.Log.ToArray();
        Assert.Equal("POS?", log[^1]);
        Assert.Equal("ERR?", log[^2]);   // clears error 10 set by the stop
        Assert.Equal("#24", log[^3]);
    }

    [Fact]
    public async Task Cancelled_move_stops_the_stage()
    {
        var stage = Stage();
        await stage.InitializeAsync(CancellationToken.None);
        _device.Stall = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stage.MoveToAsync(50, 50, cts.Token));

        Assert.Contains("#24", _device.Log);
    }

    [Fact]
    public async Task Stop_interrupts_a_move_in_progress_and_the_move_fails_clearly()
    {
        var stage = Stage();
        await stage.InitializeAsync(CancellationToken.None);
        _device.Stall = true;
        var move = stage.MoveToAsync(200, 100, CancellationToken.None);
        while (!_device.Log.Contains("#5")) await Task.Delay(5);

        await stage.StopAsync(CancellationToken.None);

        var ex = await Assert.ThrowsAnyAsync<DeviceException>(() => move.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(ex is StagePositionException or GcsErrorException { Code: 10 }, ex.ToString());
        Assert.Contains("#24", _device.Log);
    }

    [Fact]
    public async Task Controller_error_after_MOV_is_raised_with_its_PI_code()
    {
        var stage = Stage();
        await stage.InitializeAsync(CancellationToken.None);
        _device.Overrides["ERR?"] = "7\n";

        var ex = await Assert.ThrowsAsync<GcsErrorException>(() => stage.MoveToAsync(10, 10, CancellationToken.None));

        Assert.Equal(7, ex.Code);
        Assert.Equal("MOV 1 10.000000 2 10.000000", ex.Command);
        Assert.Contains("position out of limits", ex.Message);
    }

    [Fact]
    public async Task Target_outside_the_soft_limits_is_refused_without_moving()
    {
        var stage = Stage();
        await stage.InitializeAsync(CancellationToken.None);
        _device.Log.Clear();

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stage.MoveToAsync(301, 0, CancellationToken.None));
        Assert.Contains("[0, 300]", ex.Message);
        Assert.Empty(_device.Log);
    }

    [Fact]
    public async Task Position_outside_tolerance_after_the_move_is_an_error()
    {
        var stage = Stage();
        await stage.InitializeAsync(CancellationToken.None);
        _device.PositionErrorUm = 0.5;

        var ex = await Assert.ThrowsAsync<StagePositionException>(() => stage.MoveToAsync(20, 30, CancellationToken.None));

        Assert.Equal(20.5, ex.Actual.XUm, 6);
        Assert.Equal(new StagePosition(20, 30), ex.Target);
    }

    [Fact]
    public async Task Malformed_position_answer_is_quoted_in_the_error()
    {
        _device.Overrides["POS?"] = "1=12.5 \n3=4\n";
        var ex = await Assert.ThrowsAsync<ProtocolException>(() => Stage().GetPositionAsync(CancellationToken.None));
        Assert.Contains("unknown axis '3'", ex.Message);
        Assert.Contains("\"1=12.5 \\n3=4\"", ex.Message);
        Assert.Contains(_pty.SlavePath, ex.Message);
    }

    [Fact]
    public async Task Silent_device_gives_DeviceTimeoutException_naming_the_command_and_the_next_request_works()
    {
        _device.Silent["*IDN?"] = true;
        var transport = new SerialGcsTransport(_pty.SlavePath, options: new GcsTransportOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        using var _ = transport;

        var ex = await Assert.ThrowsAsync<DeviceTimeoutException>(() => transport.QueryAsync("*IDN?", CancellationToken.None));

        Assert.Equal("*IDN?", ex.Request);
        Assert.Equal($"PI GCS stage on {_pty.SlavePath}", ex.Device);
        Assert.Equal("1=0.000000 \n2=0.000000", await transport.QueryAsync("POS?", CancellationToken.None));
    }

    [Fact]
    public async Task Late_answer_to_a_timed_out_request_is_discarded_before_the_next_request()
    {
        _device.DelayMs["*IDN?"] = 400;
        using var transport = new SerialGcsTransport(_pty.SlavePath, options: new GcsTransportOptions { RequestTimeout = TimeSpan.FromMilliseconds(150) });

        await Assert.ThrowsAsync<DeviceTimeoutException>(() => transport.QueryAsync("*IDN?", CancellationToken.None));
        while (!_device.Answered.Contains("*IDN?") || _pty.SlaveInputPending() == 0) await Task.Delay(5); // the stale answer is queued

        Assert.Equal("1=0.000000 \n2=0.000000", await transport.QueryAsync("POS?", CancellationToken.None));
    }

    [Fact]
    public async Task Tcp_transport_to_a_closed_port_gives_DeviceConnectionException()
    {
        int port;
        using (var probe = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        using var transport = new TcpGcsTransport("127.0.0.1", port);

        var ex = await Assert.ThrowsAsync<DeviceConnectionException>(() => transport.QueryAsync("*IDN?", CancellationToken.None));
        Assert.Contains($"cannot connect to 127.0.0.1:{port}", ex.Message);
    }

    [Fact]
    public async Task Tcp_transport_times_out_against_a_listener_that_never_answers()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var transport = new TcpGcsTransport("127.0.0.1", port, new GcsTransportOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var ex = await Assert.ThrowsAsync<DeviceTimeoutException>(() => transport.QueryAsync("POS?", CancellationToken.None));

        Assert.Equal("POS?", ex.Request);
        Assert.Equal($"PI GCS stage at 127.0.0.1:{port}", ex.Device);
    }

    [Fact]
    public async Task Tcp_transport_reads_multi_line_answers_and_sends_single_byte_commands_without_LF()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var server = Task.Run(async () =>
        {
            using var s = await listener.AcceptAsync();
            var buf = new byte[64];
            var got = new List<byte>();
            while (!got.Contains((byte)'\n')) got.AddRange(buf[..await s.ReceiveAsync(buf)]);
            Assert.Equal("VEL?\n"u8.ToArray(), got);
            await s.SendAsync("1=10.5 \n"u8.ToArray());
            await s.SendAsync("2=11.5\n"u8.ToArray());
            var n = await s.ReceiveAsync(buf);
            Assert.Equal([0x05], buf[..n]);
            await s.SendAsync("2\n"u8.ToArray());
        });
        using var transport = new TcpGcsTransport("127.0.0.1", port);

        Assert.Equal("1=10.5 \n2=11.5", await transport.QueryAsync("VEL?", CancellationToken.None));
        Assert.Equal("2", await transport.QueryByteAsync(5, CancellationToken.None));
        await server.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Commands_with_line_breaks_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _transport.SendAsync("MOV 1 1\nHLT", CancellationToken.None));
    }
}
