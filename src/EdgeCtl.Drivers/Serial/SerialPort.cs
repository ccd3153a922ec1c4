using System.Runtime.InteropServices;

namespace EdgeCtl.Drivers;

/// <summary>
/// A serial line (tty) driven directly through termios(3) and poll(2) via glibc, because
/// System.IO.Ports is not available and FileStream reads on a tty can neither time out nor be
/// cancelled (DESIGN.md, "Facts already established — Serial").
/// <para>
/// The device is opened with <c>O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC</c>, switched to raw mode
/// (<c>cfmakeraw</c>) with the requested speed, character size, parity and stop bits, no flow
/// control, <c>CLOCAL | CREAD</c>, and the settings are read back and verified. Reads and writes wait
/// with poll(2) against a deadline and an eventfd(2) that a <see cref="CancellationToken"/> or
/// <see cref="Dispose"/> signals, so every wait ends.
/// </para>
/// Thread safety: one reader and one writer at a time.
/// </summary>
public sealed unsafe class SerialPort : IDisposable
{
    private readonly SafeFdHandle _tty;
    private readonly SafeFdHandle _wake;
    private volatile bool _disposed;

    private SerialPort(string path, SafeFdHandle tty, SafeFdHandle wake, SerialPortSettings settings)
    {
        Path = path;
        _tty = tty;
        _wake = wake;
        Settings = settings;
    }

    /// <summary>Device path, e.g. <c>/dev/ttyUSB0</c> or <c>/dev/pts/7</c>.</summary>
    public string Path { get; }

    /// <summary>The applied (and verified) line settings.</summary>
    public SerialPortSettings Settings { get; }

    /// <summary>
    /// Opens <paramref name="path"/> and applies <paramref name="settings"/> (default 115200 8N1).
    /// Pending input and output are discarded.
    /// </summary>
    /// <exception cref="ArgumentException">Unsupported baud rate, data bits or stop bits.</exception>
    /// <exception cref="IOException">open(2), tcgetattr/tcsetattr or eventfd(2) failed (errno in the message),
    /// or the read-back settings differ from the requested ones.</exception>
    public static SerialPort Open(string path, SerialPortSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        settings ??= SerialPortSettings.Default;
        if (!BaudRates.TryGetSpeed(settings.BaudRate, out var speed))
            throw new ArgumentException($"Serial port '{path}': baud rate {settings.BaudRate} is not a standard termios rate (1200 … 921600).", nameof(settings));
        if (settings.DataBits is < 5 or > 8)
            throw new ArgumentException($"Serial port '{path}': data bits must be 5 … 8, got {settings.DataBits}.", nameof(settings));
        if (settings.StopBits is not (1 or 2))
            throw new ArgumentException($"Serial port '{path}': stop bits must be 1 or 2, got {settings.StopBits}.", nameof(settings));

        var fd = LibC.Open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw new IOException($"Serial port '{path}': open failed ({LibC.Describe(Marshal.GetLastPInvokeError())}).");
        var tty = new SafeFdHandle(fd);
        SafeFdHandle? wake = null;
        try
        {
            Configure(path, fd, settings, speed);
            var efd = LibC.EventFd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
            if (efd < 0)
                throw new IOException($"Serial port '{path}': eventfd failed ({LibC.Describe(Marshal.GetLastPInvokeError())}).");
            wake = new SafeFdHandle(efd);
            return new SerialPort(path, tty, wake, settings);
        }
        catch
        {
            wake?.Dispose();
            tty.Dispose();
            throw;
        }
    }

    private static void Configure(string path, int fd, SerialPortSettings s, uint speed)
    {
        Termios t;
        if (LibC.TcGetAttr(fd, &t) != 0)
            throw new IOException($"Serial port '{path}': tcgetattr failed ({LibC.Describe(Marshal.GetLastPInvokeError())}); is it a tty?");
        LibC.CfMakeRaw(&t);
        var wanted = CFlagFor(s);
        t.CFlag = (t.CFlag & ~CFlagMask) | wanted;
        t.IFlag &= ~(Termios.IXON | Termios.IXOFF | Termios.IXANY | Termios.INPCK);
        if (s.Parity != Parity.None) t.IFlag |= Termios.INPCK;
        // VMIN=1, VTIME=0: with O_NONBLOCK an empty queue gives EAGAIN, so read() == 0 only means hang-up
        // (with VMIN=0 a raw tty returns 0 for "no data" and the two cannot be told apart).
        t.Cc[Termios.VMIN] = 1;
        t.Cc[Termios.VTIME] = 0;
        if (LibC.CfSetISpeed(&t, speed) != 0 || LibC.CfSetOSpeed(&t, speed) != 0)
            throw new IOException($"Serial port '{path}': cfsetispeed/cfsetospeed({s.BaudRate}) failed ({LibC.Describe(Marshal.GetLastPInvokeError())}).");
        if (LibC.TcSetAttr(fd, LibC.TCSANOW, &t) != 0)
            throw new IOException($"Serial port '{path}': tcsetattr({s}) failed ({LibC.Describe(Marshal.GetLastPInvokeError())}).");

        // tcsetattr succeeds if *any* change applied: read back and verify (termios(3), RETURN VALUE).
        Termios back;
        if (LibC.TcGetAttr(fd, &back) != 0)
            throw new IOException($"Serial port '{path}': tcgetattr after tcsetattr failed ({LibC.Describe(Marshal.GetLastPInvokeError())}).");
        var ispeed = LibC.CfGetISpeed(&back);
        var ospeed = LibC.CfGetOSpeed(&back);
        if ((back.CFlag & CFlagMask) != wanted || ispeed != speed || ospeed != speed
            || (back.LFlag & (Termios.ICANON | Termios.ECHO)) != 0
            || (back.IFlag & (Termios.IXON | Termios.IXOFF)) != 0)
        {
            throw new IOException(
                $"Serial port '{path}': settings {s} did not apply; read back c_cflag=0x{back.CFlag:X} (wanted 0x{wanted:X} under mask 0x{CFlagMask:X}), " +
                $"c_lflag=0x{back.LFlag:X}, c_iflag=0x{back.IFlag:X}, ispeed=0x{ispeed:X}, ospeed=0x{ospeed:X} (wanted 0x{speed:X}).");
        }
        if (LibC.TcFlush(fd, LibC.TCIOFLUSH) != 0)
            throw new IOException($"Serial port '{path}': tcflush failed ({LibC.Describe(Marshal.GetLastPInvokeError())}).");
    }

    private const uint CFlagMask = Termios.CSIZE | Termios.PARENB | Termios.PARODD | Termios.CSTOPB | Termios.CRTSCTS | Termios.CLOCAL | Termios.CREAD;

    private static uint CFlagFor(SerialPortSettings s)
    {
        var size = s.DataBits switch { 5 => Termios.CS5, 6 => Termios.CS6, 7 => Termios.CS7, _ => Termios.CS8 };
        var parity = s.Parity switch { Parity.Even => Termios.PARENB, Parity.Odd => Termios.PARENB | Termios.PARODD, _ => 0u };
        var stop = s.StopBits == 2 ? Termios.CSTOPB : 0u;
        return size | parity | stop | Termios.CLOCAL | Termios.CREAD;
    }

    /// <summary>
    /// Reads at least one byte into <paramref name="buffer"/>, waiting up to <paramref name="timeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/> waits until data, hang-up or cancellation).
    /// </summary>
    /// <returns>The number of bytes read (≥ 1).</returns>
    /// <exception cref="TimeoutException">No byte arrived within the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    /// <exception cref="IOException">Hang-up (the other end closed) or read(2) failed.</exception>
    /// <exception cref="ObjectDisposedException">The port was disposed (also while waiting).</exception>
    public int Read(Span<byte> buffer, TimeSpan timeout, CancellationToken ct)
    {
        if (buffer.IsEmpty) throw new ArgumentException("Read buffer is empty.", nameof(buffer));
        var deadline = Deadline(timeout);
        using var lease = new Lease(this, ct);
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = LibC.Read(_tty.Fd, p, buffer.Length);
            if (n > 0) return (int)n;
            if (n == 0) throw new IOException($"Serial port '{Path}': hang-up (end of file) while reading.");
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EIO) throw new IOException($"Serial port '{Path}': hang-up while reading ({LibC.Describe(errno)}).");
            if (errno != LibC.EAGAIN && errno != LibC.EINTR)
                throw new IOException($"Serial port '{Path}': read failed ({LibC.Describe(errno)}).");
            WaitFor(LibC.POLLIN, deadline, timeout, "read", ct);
        }
    }

    /// <summary>Writes all of <paramref name="data"/>, waiting up to <paramref name="timeout"/> for room in the output queue.</summary>
    /// <exception cref="TimeoutException">The output stayed blocked past the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    /// <exception cref="IOException">write(2) failed.</exception>
    /// <exception cref="ObjectDisposedException">The port was disposed.</exception>
    public void Write(ReadOnlySpan<byte> data, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Deadline(timeout);
        using var lease = new Lease(this, ct);
        while (!data.IsEmpty)
        {
            nint n;
            fixed (byte* p = data) n = LibC.Write(_tty.Fd, p, data.Length);
            if (n > 0)
            {
                data = data[(int)n..];
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (n < 0 && errno != LibC.EAGAIN && errno != LibC.EINTR)
                throw new IOException($"Serial port '{Path}': write failed ({LibC.Describe(errno)}).");
            WaitFor(LibC.POLLOUT, deadline, timeout, "write", ct);
        }
    }

    /// <summary>Discards bytes received but not yet read (tcflush TCIFLUSH), e.g. a late answer to a timed-out request.</summary>
    /// <exception cref="IOException">tcflush failed.</exception>
    public void DiscardInput()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (LibC.TcFlush(_tty.Fd, LibC.TCIFLUSH) != 0)
            throw new IOException($"Serial port '{Path}': tcflush failed ({LibC.Describe(Marshal.GetLastPInvokeError())}).");
    }

    private static long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);

    /// <summary>poll(2) for <paramref name="events"/> on the tty and for the wake-up eventfd until the deadline.</summary>
    private void WaitFor(short events, long deadline, TimeSpan timeout, string what, CancellationToken ct)
    {
        var fds = stackalloc LibC.PollFd[2];
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed, this);
            int waitMs;
            if (deadline == long.MaxValue) waitMs = -1;
            else
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                    throw new TimeoutException($"Serial port '{Path}': {what} timed out after {timeout.TotalMilliseconds:0} ms.");
                waitMs = (int)Math.Min(left, int.MaxValue);
            }

            fds[0] = new LibC.PollFd { Fd = _tty.Fd, Events = events };
            fds[1] = new LibC.PollFd { Fd = _wake.Fd, Events = LibC.POLLIN };
            var rc = LibC.Poll(fds, 2, waitMs);
            if (rc < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR) continue;
                throw new IOException($"Serial port '{Path}': poll failed ({LibC.Describe(errno)}).");
            }
            if ((fds[1].REvents & LibC.POLLIN) != 0)
            {
                DrainWake();
                ct.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_disposed, this);
                // A stale signal from an earlier, already finished wait: keep waiting.
            }
            if ((fds[0].REvents & LibC.POLLNVAL) != 0)
                throw new IOException($"Serial port '{Path}': descriptor is not open (POLLNVAL).");
            if ((fds[0].REvents & (events | LibC.POLLHUP | LibC.POLLERR)) != 0) return;
        }
    }

    private void Signal()
    {
        ulong one = 1;
        bool added = false;
        try
        {
            _wake.DangerousAddRef(ref added);
            LibC.Write(_wake.Fd, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Already closed: nobody is waiting.
        }
        finally
        {
            if (added) _wake.DangerousRelease();
        }
    }

    private void DrainWake()
    {
        ulong value;
        LibC.Read(_wake.Fd, (byte*)&value, sizeof(ulong));
    }

    /// <summary>Keeps both descriptors alive during a call and wires the token to the eventfd.</summary>
    private ref struct Lease
    {
        private readonly SerialPort _port;
        private bool _tty;
        private bool _wake;
        private CancellationTokenRegistration _registration;

        public Lease(SerialPort port, CancellationToken ct)
        {
            _port = port;
            ObjectDisposedException.ThrowIf(port._disposed, port);
            port._tty.DangerousAddRef(ref _tty);
            port._wake.DangerousAddRef(ref _wake);
            _registration = ct.CanBeCanceled ? ct.UnsafeRegister(static s => ((SerialPort)s!).Signal(), port) : default;
        }

        public void Dispose()
        {
            _registration.Dispose();
            if (_tty) _port._tty.DangerousRelease();
            if (_wake) _port._wake.DangerousRelease();
        }
    }

    /// <summary>Closes the tty; a read or write waiting on another thread ends with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Signal();
        _tty.Dispose();
        _wake.Dispose();
    }
}
