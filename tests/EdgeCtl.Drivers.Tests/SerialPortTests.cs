using System.Runtime.CompilerServices;
using System.Text;
using EdgeCtl.Drivers.Tests.Support;
using Xunit;

namespace EdgeCtl.Drivers.Tests;

/// <summary>The termios serial port on the slave side of a real pseudo-terminal pair.</summary>
public sealed class SerialPortTests
{
    [Fact]
    public void Termios_has_the_glibc_size_of_60_bytes()
    {
        Assert.Equal(Termios.NativeSize, Unsafe.SizeOf<Termios>());
    }

    [Fact]
    public void Opens_a_pty_in_raw_115200_8N1_and_moves_bytes_both_ways()
    {
        using var pty = new Pty();
        using var port = SerialPort.Open(pty.SlavePath);
        Assert.Equal(new SerialPortSettings(115200, 8, Parity.None, 1), port.Settings);

        // Raw mode: CR and LF pass unchanged in both directions, no echo.
        port.Write("*IDN?\r\n"u8, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("*IDN?\r\n", Encoding.ASCII.GetString(pty.ReadMaster(5000)));

        pty.WriteMaster("a\r\nb");
        var buffer = new byte[16];
        var received = new StringBuilder();
        while (received.Length < 4)
            received.Append(Encoding.ASCII.GetString(buffer, 0, port.Read(buffer, TimeSpan.FromSeconds(5), CancellationToken.None)));
        Assert.Equal("a\r\nb", received.ToString());
        Assert.Empty(pty.ReadMaster(100)); // nothing echoed back
    }

    [Fact]
    public void Other_line_settings_are_applied_and_verified()
    {
        using var pty = new Pty();
        var settings = new SerialPortSettings(9600, 8, Parity.None, 2);
        using var port = SerialPort.Open(pty.SlavePath, settings);
        Assert.Equal(settings, port.Settings);
        Assert.Equal("9600 8N2", settings.ToString());
    }

    [Fact]
    public void Settings_the_tty_silently_ignores_are_caught_by_the_read_back()
    {
        // The Linux pty driver forces CS8 and clears PARENB in pty_set_termios, yet tcsetattr succeeds.
        using var pty = new Pty();
        var ex = Assert.Throws<IOException>(() => SerialPort.Open(pty.SlavePath, new SerialPortSettings(9600, 7, Parity.Even, 1)));
        Assert.Contains($"Serial port '{pty.SlavePath}': settings 9600 7E1 did not apply", ex.Message);
    }

    [Fact]
    public void Read_with_nothing_to_read_times_out()
    {
        using var pty = new Pty();
        using var port = SerialPort.Open(pty.SlavePath);
        var ex = Assert.Throws<TimeoutException>(() => port.Read(new byte[8], TimeSpan.FromMilliseconds(100), CancellationToken.None));
        Assert.Contains(pty.SlavePath, ex.Message);
    }

    [Fact]
    public async Task Blocked_read_ends_on_cancellation_through_the_eventfd()
    {
        using var pty = new Pty();
        using var port = SerialPort.Open(pty.SlavePath);
        using var cts = new CancellationTokenSource();
        var read = Task.Run(() => port.Read(new byte[8], Timeout.InfiniteTimeSpan, cts.Token));
        await Task.Delay(100);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Blocked_read_ends_when_the_port_is_disposed()
    {
        using var pty = new Pty();
        var port = SerialPort.Open(pty.SlavePath);
        var read = Task.Run(() => port.Read(new byte[8], Timeout.InfiniteTimeSpan, CancellationToken.None));
        await Task.Delay(100);
        port.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Stale_input_is_discarded()
    {
        using var pty = new Pty();
        using var port = SerialPort.Open(pty.SlavePath);
        pty.WriteMaster("late answer\n");
        Thread.Sleep(50); // let the line discipline queue it; no timing is asserted
        port.DiscardInput();
        Assert.Throws<TimeoutException>(() => port.Read(new byte[32], TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    [Fact]
    public void Missing_device_and_non_tty_give_clear_errors()
    {
        var missing = Assert.Throws<IOException>(() => SerialPort.Open("/dev/ttyEDGECTL-missing"));
        Assert.Contains("/dev/ttyEDGECTL-missing", missing.Message);
        Assert.Contains("open failed", missing.Message);
        Assert.Contains("errno 2", missing.Message);

        var notTty = Assert.Throws<IOException>(() => SerialPort.Open("/dev/null"));
        Assert.Contains("tcgetattr failed", notTty.Message);
    }

    [Fact]
    public void Unsupported_settings_are_rejected_before_opening()
    {
        Assert.Throws<ArgumentException>(() => SerialPort.Open("/dev/null", new SerialPortSettings(BaudRate: 12345)));
        Assert.Throws<ArgumentException>(() => SerialPort.Open("/dev/null", new SerialPortSettings(DataBits: 9)));
        Assert.Throws<ArgumentException>(() => SerialPort.Open("/dev/null", new SerialPortSettings(StopBits: 3)));
    }
}
