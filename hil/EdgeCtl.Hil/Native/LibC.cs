using System.Runtime.InteropServices;

namespace EdgeCtl.Hil.Native;

/// <summary>
/// The few glibc (<c>libc.so.6</c>) calls the rig needs for its pseudo-terminal: <c>openpty</c>,
/// termios raw mode, <c>poll(2)</c>, non-blocking <c>read</c>/<c>write</c> and an <c>eventfd</c>
/// used to wake the poll loop on shutdown. Constants are the Linux values shared by x86_64 and
/// aarch64. <c>struct termios</c> is 60 bytes there; callers pass a 64-byte buffer.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc.so.6";

    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;
    public const short POLLIN = 0x001;
    public const short POLLOUT = 0x004;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;
    public const short POLLNVAL = 0x020;
    public const int TCSANOW = 0;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    /// <summary>Size of the buffer passed for a <c>struct termios</c> (the struct is 60 bytes).</summary>
    public const int TermiosBufferSize = 64;

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int openpty(out int master, out int slave, nint name, nint termp, nint winp);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ptsname_r(int fd, byte* buf, nuint buflen);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport(Lib)]
    public static partial void cfmakeraw(byte* termios);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeoutMs);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    /// <summary>The calling thread's last errno, as a readable message for exceptions and logs.</summary>
    public static string LastErrorText(string call)
    {
        int errno = Marshal.GetLastPInvokeError();
        return $"{call} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
    }
}
