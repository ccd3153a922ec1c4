namespace EdgeCtl.Drivers;

/// <summary>
/// A device sent bytes that break its wire protocol (docs/wire-protocol.md): a bad frame header, an
/// unexpected message, an inconsistent length, a malformed GCS answer. The message quotes or
/// describes the offending input. Scan-engine connections are dropped on this error and reopened
/// on the next request.
/// </summary>
public sealed class ProtocolException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="message">The request and what was wrong with the answer.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public ProtocolException(string device, string message, Exception? inner = null)
        : base(device, message, inner)
    {
    }
}
