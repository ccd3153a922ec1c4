namespace EdgeCtl.Drivers;

/// <summary>
/// Base of every failure a driver reports about its device: the message always names the device
/// (<see cref="Device"/>), the request that failed and what was wrong.
/// </summary>
public class DeviceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Human-readable device name, e.g. <c>"PI stage on /dev/ttyUSB0"</c>.</param>
    /// <param name="message">What failed, already naming the request.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public DeviceException(string device, string message, Exception? inner = null)
        : base($"{device}: {message}", inner)
    {
        Device = device;
    }

    /// <summary>The device that failed (as configured, e.g. <c>"scan engine 127.0.0.1:41234"</c>).</summary>
    public string Device { get; }
}
