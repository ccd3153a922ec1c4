namespace EdgeCtl.Drivers;

/// <summary>A libgpiod call failed (libgpiod v1 API: NULL or −1 with errno set).</summary>
public sealed class GpioException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name (the gpiochip).</param>
    /// <param name="message">The call, the line and what failed.</param>
    /// <param name="errno">errno after the call (0 if none).</param>
    public GpioException(string device, string message, int errno)
        : base(device, errno == 0 ? message : $"{message} ({LibC.Describe(errno)})")
    {
        Errno = errno;
    }

    /// <summary>errno reported by the failing call (e.g. 2 = ENOENT for a missing chip).</summary>
    public int Errno { get; }
}
