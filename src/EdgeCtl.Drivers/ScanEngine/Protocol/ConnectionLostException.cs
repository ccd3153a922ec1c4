namespace EdgeCtl.Drivers;

/// <summary>
/// The scan-engine connection ended or failed while a request was in flight (EOF, reset, broken
/// pipe). Internal: the client retries the request once on a fresh connection, then reports a
/// <see cref="DeviceConnectionException"/>.
/// </summary>
internal sealed class ConnectionLostException : IOException
{
    public ConnectionLostException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
