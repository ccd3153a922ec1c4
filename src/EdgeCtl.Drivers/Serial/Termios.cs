using System.Runtime.InteropServices;

namespace EdgeCtl.Drivers;

/// <summary>
/// glibc <c>struct termios</c> on Linux x86_64 and aarch64: 60 bytes (termios(3), bits/termios-struct.h):
/// four <c>tcflag_t</c> (u32) flags at 0/4/8/12, <c>c_line</c> at 16, <c>c_cc[NCCS=32]</c> at 17,
/// padding, <c>c_ispeed</c> at 52 and <c>c_ospeed</c> at 56.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 60)]
internal unsafe struct Termios
{
    /// <summary>sizeof(struct termios) on the supported targets.</summary>
    public const int NativeSize = 60;

    [FieldOffset(0)] public uint IFlag;
    [FieldOffset(4)] public uint OFlag;
    [FieldOffset(8)] public uint CFlag;
    [FieldOffset(12)] public uint LFlag;
    [FieldOffset(16)] public byte Line;
    [FieldOffset(17)] public fixed byte Cc[32];
    [FieldOffset(52)] public uint ISpeed;
    [FieldOffset(56)] public uint OSpeed;

    // c_cc indices (Linux).
    public const int VTIME = 5;
    public const int VMIN = 6;

    // c_iflag
    public const uint INPCK = 0x10;
    public const uint IXON = 0x400;
    public const uint IXANY = 0x800;
    public const uint IXOFF = 0x1000;

    // c_lflag
    public const uint ECHO = 0x8;
    public const uint ICANON = 0x2;

    // c_cflag
    public const uint CSIZE = 0x30;
    public const uint CS5 = 0x00;
    public const uint CS6 = 0x10;
    public const uint CS7 = 0x20;
    public const uint CS8 = 0x30;
    public const uint CSTOPB = 0x40;
    public const uint CREAD = 0x80;
    public const uint PARENB = 0x100;
    public const uint PARODD = 0x200;
    public const uint CLOCAL = 0x800;
    public const uint CRTSCTS = 0x80000000;
}
