namespace EdgeCtl.Drivers;

/// <summary>
/// The connection to a device could not be opened, or it was lost while a request was in flight
/// (after the driver's own retries, if any, were used up).
/// </summary>
public sealed class DeviceConnectionException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="message">What failed, naming the request or the endpoint.</param>
    /// <param name="inner">The socket, I/O or errno failure underneath.</param>
    public DeviceConnectionException(string device, string message, Exception? inner = null)
        : base(device, message, inner)
    {
    }
}
