namespace EdgeCtl.Hil.ScanEngine;

/// <summary>Codes of the scan-engine Error reply (docs/wire-protocol.md §2).</summary>
public enum ScanErrorCode : uint
{
    /// <summary>Malformed payload.</summary>
    BadRequest = 1,
    /// <summary>Beam shift or probe position outside the beam-shift range.</summary>
    BeamShiftOutOfRange = 2,
    /// <summary>Acquisition parameters out of their limits.</summary>
    InvalidAcquisition = 3,
    /// <summary>Acquisitions refused while <c>interlock_ok</c> is low.</summary>
    InterlockOpen = 4,
    /// <summary>Failure inside the instrument.</summary>
    Internal = 5,
}

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
