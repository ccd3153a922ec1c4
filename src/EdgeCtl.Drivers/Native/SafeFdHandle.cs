using System.Runtime.InteropServices;

namespace EdgeCtl.Drivers;

/// <summary>Owns a POSIX file descriptor and closes it with close(2). Invalid value: -1.</summary>
internal sealed class SafeFdHandle : SafeHandle
{
    /// <summary>Wraps <paramref name="fd"/>, taking ownership.</summary>
    public SafeFdHandle(int fd) : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    /// <inheritdoc />
    public override bool IsInvalid => handle == new IntPtr(-1);

    /// <summary>The descriptor number (valid while the handle is not closed).</summary>
    public int Fd => (int)handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
