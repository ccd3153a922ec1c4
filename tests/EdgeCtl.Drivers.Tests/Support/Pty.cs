using System.Runtime.InteropServices;
using System.Text;

namespace EdgeCtl.Drivers.Tests.Support;

/// <summary>
/// A real pseudo-terminal pair from openpty(3). The test plays the device on the master side; the
/// driver opens the slave path like any serial tty. The test keeps its own slave descriptor open so
/// the master never sees a hang-up while the driver reopens the line.
/// </summary>
internal sealed unsafe partial class Pty : IDisposable
{
    private const string Libc = "libc.so.6";
    private const short POLLIN = 1;

    [LibraryImport(Libc, EntryPoint = "openpty", SetLastError = true)]
    private static partial int OpenPty(int* master, int* slave, byte* name, void* termios, void* winsize);

    [LibraryImport(Libc, EntryPoint = "ttyname_r")]
    private static partial int TtyNameR(int fd, byte* buffer, nuint length);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(long* fds, nuint count, int timeoutMs);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, int* value);

    private const nuint FIONREAD = 0x541B;

    [LibraryImport(Libc, EntryPoint = "close")]
    private static partial int Close(int fd);

    private readonly int _master;
    private readonly int _slave;
    private int _closed;

    public Pty()
    {
        int m, s;
        if (OpenPty(&m, &s, null, null, null) != 0)
            throw new IOException($"openpty failed: errno {Marshal.GetLastPInvokeError()}");
        _master = m;
        _slave = s;
        var buf = stackalloc byte[256];
        if (TtyNameR(s, buf, 256) != 0) throw new IOException("ttyname_r failed");
        SlavePath = Marshal.PtrToStringUTF8((IntPtr)buf)!;
    }

    /// <summary>/dev/pts/N of the slave side.</summary>
    public string SlavePath { get; }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for bytes on the master and reads them (empty on timeout).</summary>
    public byte[] ReadMaster(int timeoutMs)
    {
        long pfd = (uint)_master | ((long)POLLIN << 32);
        var rc = Poll(&pfd, 1, timeoutMs);
        if (rc <= 0) return [];
        var buf = new byte[4096];
        nint n;
        fixed (byte* p = buf) n = Read(_master, p, buf.Length);
        return n > 0 ? buf[..(int)n] : [];
    }

    /// <summary>Writes to the master: the driver reads these bytes from the slave.</summary>
    public void WriteMaster(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        fixed (byte* p = bytes)
        {
            if (Write(_master, p, bytes.Length) != bytes.Length)
                throw new IOException($"write to pty master failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Bytes waiting in the slave's input queue (FIONREAD): what the driver has not read yet.</summary>
    public int SlaveInputPending()
    {
        int n;
        if (Ioctl(_slave, FIONREAD, &n) != 0) throw new IOException($"ioctl(FIONREAD) failed: errno {Marshal.GetLastPInvokeError()}");
        return n;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        Close(_slave);
        Close(_master);
    }
}
