namespace EdgeCtl.Hil.ScanEngine;

/// <summary>A request the instrument refuses: answered with an Error reply, the connection stays usable.</summary>
public sealed class ScanRequestException(ScanErrorCode code, string message) : Exception(message)
{
    /// <summary>The Error reply's code.</summary>
    public ScanErrorCode Code { get; } = code;

    /// <summary>
    /// Whether the request was refused while its payload was decoded (codes 1 and 3, see
    /// <c>ScanRequests.cs</c>), before the instrument executed — and charged — it. Codes 2 and 4 come
    /// from the instrument, which has already charged the control overhead.
    /// </summary>
    public bool RefusedWhileDecoding => Code is ScanErrorCode.BadRequest or ScanErrorCode.InvalidAcquisition;
}
