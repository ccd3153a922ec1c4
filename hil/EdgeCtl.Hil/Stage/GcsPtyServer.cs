using System.Runtime.InteropServices;
using System.Text;
using EdgeCtl.Hil.Diagnostics;
using EdgeCtl.Hil.Native;

namespace EdgeCtl.Hil.Stage;

/// <summary>
/// The stage's GCS over a serial line, emulated by a pseudo-terminal (docs/rig.md): the rig opens a
/// pty pair with <c>openpty</c>, puts the line in raw mode (<c>cfmakeraw</c> + <c>tcsetattr</c>),
/// keeps the slave open itself (so the master never sees a hang-up between clients) and serves the
/// master side from one thread with <c>poll(2)</c> and non-blocking reads and writes. Clients open
/// <see cref="SlavePath"/> (e.g. <c>/dev/pts/7</c>) like a serial port; baud rate and flow control are
/// ignored by a pty. An eventfd wakes the poll loop on shutdown.
/// </summary>
public sealed unsafe class GcsPtyServer : IDisposable
{
    /// <summary>How long an answer may wait for a reader of the slave side before it is dropped, ms.</summary>
    public const int WriteTimeoutMs = 2000;

    private readonly int _master, _slave, _wake;
    private readonly GcsStreamParser _parser;
    private readonly StageController _stage;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <summary>Creates the pty pair.</summary>
    /// <exception cref="IOException">A libc call failed; the message names it and errno.</exception>
    public GcsPtyServer(GcsInterpreter interpreter, StageController stage)
    {
        _parser = new GcsStreamParser(interpreter);
        _stage = stage;
        if (LibC.openpty(out _master, out _slave, 0, 0, 0) != 0) throw new IOException(LibC.LastErrorText("openpty"));
        try
        {
            byte* termios = stackalloc byte[LibC.TermiosBufferSize];
            if (LibC.tcgetattr(_slave, termios) != 0) throw new IOException(LibC.LastErrorText("tcgetattr"));
            LibC.cfmakeraw(termios);
            if (LibC.tcsetattr(_slave, LibC.TCSANOW, termios) != 0) throw new IOException(LibC.LastErrorText("tcsetattr"));
            int flags = LibC.fcntl(_master, LibC.F_GETFL, 0);
            if (flags < 0 || LibC.fcntl(_master, LibC.F_SETFL, flags | LibC.O_NONBLOCK) != 0) throw new IOException(LibC.LastErrorText("fcntl(O_NONBLOCK)"));
            LibC.fcntl(_master, LibC.F_SETFD, LibC.FD_CLOEXEC);
            LibC.fcntl(_slave, LibC.F_SETFD, LibC.FD_CLOEXEC);
            byte* name = stackalloc byte[256];
            if (LibC.ptsname_r(_master, name, 256) != 0) throw new IOException(LibC.LastErrorText("ptsname_r"));
            SlavePath = Marshal.PtrToStringUTF8((nint)name) ?? throw new IOException("ptsname_r returned no name");
            _wake = LibC.eventfd(0, LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            if (_wake < 0) throw new IOException(LibC.LastErrorText("eventfd"));
        }
        catch
        {
            LibC.close(_master);
            LibC.close(_slave);
            throw;
        }
    }

    /// <summary>Path of the slave side that clients open, e.g. <c>/dev/pts/7</c>.</summary>
    public string SlavePath { get; }

    /// <summary>Starts serving the master side.</summary>
    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "gcs-pty" };
        _thread.Start();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        ulong one = 1;
        LibC.write(_wake, (byte*)&one, sizeof(ulong));
        _thread?.Join(TimeSpan.FromSeconds(2));
        LibC.close(_master);
        LibC.close(_slave);
        LibC.close(_wake);
    }

    private void Loop()
    {
        RigLog.Info($"gcs-pty: serving {SlavePath}");
        byte* input = stackalloc byte[4096];
        var output = new List<byte>(256);
        LibC.PollFd* fds = stackalloc LibC.PollFd[2];
        while (!_stopping)
        {
            fds[0] = new LibC.PollFd { Fd = _master, Events = LibC.POLLIN };
            fds[1] = new LibC.PollFd { Fd = _wake, Events = LibC.POLLIN };
            int ready = LibC.poll(fds, 2, 1000);
            if (ready < 0)
            {
                if (Marshal.GetLastPInvokeError() == LibC.EINTR) continue;
                RigLog.Error($"gcs-pty: {LibC.LastErrorText("poll")}");
                return;
            }
            if (_stopping || (fds[1].Revents & LibC.POLLIN) != 0) return;
            if ((fds[0].Revents & (LibC.POLLIN | LibC.POLLHUP | LibC.POLLERR)) == 0) continue;
            nint n = LibC.read(_master, input, 4096);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is LibC.EAGAIN or LibC.EINTR) continue;
                RigLog.Error($"gcs-pty: read failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
                Thread.Sleep(50);
                continue;
            }
            output.Clear();
            _parser.Feed(new ReadOnlySpan<byte>(input, (int)n), output, () => _stage.SetError(GcsErrorCode.ParameterSyntax));
            if (output.Count > 0) WriteAll(CollectionsMarshal.AsSpan(output));
        }
    }

    private void WriteAll(ReadOnlySpan<byte> data)
    {
        LibC.PollFd pfd = default;
        fixed (byte* p = data)
        {
            int done = 0;
            long deadline = Environment.TickCount64 + WriteTimeoutMs;
            while (done < data.Length && !_stopping)
            {
                if (Environment.TickCount64 > deadline)
                {
                    RigLog.Warn($"gcs-pty: nobody reads {SlavePath} for {WriteTimeoutMs} ms; answer dropped: {Encoding.ASCII.GetString(data[done..]).TrimEnd()}");
                    return;
                }
                nint n = LibC.write(_master, p + done, (nuint)(data.Length - done));
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (n < 0 && errno != LibC.EAGAIN && errno != LibC.EINTR)
                {
                    RigLog.Error($"gcs-pty: write failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}); answer dropped: {Encoding.ASCII.GetString(data)}");
                    return;
                }
                pfd.Fd = _master;
                pfd.Events = LibC.POLLOUT;
                LibC.poll(&pfd, 1, 100);
            }
        }
    }
}
