namespace EdgeCtl.Drivers;

/// <summary>
/// A device did not answer a request within its timeout. The driver has already discarded the
/// request's state (a TCP connection is dropped, a serial line is flushed before the next request).
/// </summary>
public sealed class DeviceTimeoutException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="request">The request that timed out (a GCS command, a scan-engine message name).</param>
    /// <param name="timeout">The timeout that elapsed.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public DeviceTimeoutException(string device, string request, TimeSpan timeout, Exception? inner = null)
        : base(device, $"no complete answer to '{request}' within {timeout.TotalMilliseconds:0} ms", inner)
    {
        Request = request;
        Timeout = timeout;
    }

    /// <summary>The request that timed out.</summary>
    public string Request { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
