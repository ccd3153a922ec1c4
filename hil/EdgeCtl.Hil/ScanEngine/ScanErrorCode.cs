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
