namespace EdgeCtl.Drivers;

/// <summary>The scan engine answered a request with an Error reply (wire-protocol.md §2); the connection stays usable.</summary>
public sealed class ScanEngineException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="request">The request that failed, e.g. <c>"AcquireImage #12"</c>.</param>
    /// <param name="code">Error code from the reply.</param>
    /// <param name="text">Error text from the reply.</param>
    public ScanEngineException(string device, string request, ScanEngineErrorCode code, string text)
        : base(device, $"{request} refused with error {(uint)code} ({code}): {text}")
    {
        Request = request;
        Code = code;
        Text = text;
    }

    /// <summary>The request that failed.</summary>
    public string Request { get; }

    /// <summary>Error code (values outside the enum are passed through unchanged).</summary>
    public ScanEngineErrorCode Code { get; }

    /// <summary>The server's error text.</summary>
    public string Text { get; }
}
