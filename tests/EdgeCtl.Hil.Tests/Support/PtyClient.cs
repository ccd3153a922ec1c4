using System.Runtime.InteropServices;
using System.Text;

namespace EdgeCtl.Hil.Tests.Support;

/// <summary>
/// Opens the rig's pseudo-terminal like a serial port: open(2) with O_RDWR|O_NOCTTY|O_NONBLOCK and
/// poll(2)-bounded reads (a FileStream read on a tty cannot time out).
/// </summary>
public sealed unsafe partial class PtyClient : IDisposable
{
    private const int O_RDWR = 2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private const short POLLIN = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc.so.6", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint n, int timeoutMs);

    [LibraryImport("libc.so.6")]
    private static partial int close(int fd);

    private readonly int _fd;
    private readonly List<byte> _pending = [];

    public PtyClient(string path)
    {
        _fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (_fd < 0) throw new IOException($"open({path}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = write(_fd, p + done, (nuint)(data.Length - done));
                if (n <= 0) throw new IOException($"write to pty failed: errno {Marshal.GetLastPInvokeError()}");
                done += (int)n;
            }
        }
    }

    public void Send(string line) => Write(Encoding.ASCII.GetBytes(line + "\n"));

    /// <summary>Reads one LF-terminated line, waiting at most 20 s.</summary>
    public string ReadLine()
    {
        long deadline = Environment.TickCount64 + 20_000;
        byte* buf = stackalloc byte[1024];
        while (true)
        {
            int lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                string s = Encoding.ASCII.GetString(_pending.GetRange(0, lf + 1).ToArray());
                _pending.RemoveRange(0, lf + 1);
                return s;
            }
            int left = (int)(deadline - Environment.TickCount64);
            if (left <= 0) throw new TimeoutException("no line from the pty within 20 s");
            var pfd = new PollFd { Fd = _fd, Events = POLLIN };
            if (poll(&pfd, 1, left) <= 0) continue;
            nint n = read(_fd, buf, 1024);
            if (n > 0) _pending.AddRange(new ReadOnlySpan<byte>(buf, (int)n).ToArray());
        }
    }

    /// <summary>Reads a GCS answer (lines while they end with " \n").</summary>
    public string ReadGcsAnswer()
    {
        var sb = new StringBuilder();
        while (true)
        {
            string line = ReadLine();
            sb.Append(line);
            if (!line.EndsWith(" \n", StringComparison.Ordinal)) return sb.ToString();
        }
    }

    public string Query(string command)
    {
        Send(command);
        return ReadGcsAnswer();
    }

    public void Dispose() => close(_fd);
}
