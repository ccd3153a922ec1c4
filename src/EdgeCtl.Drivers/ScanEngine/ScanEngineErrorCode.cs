namespace EdgeCtl.Drivers;

/// <summary>Error codes of the scan engine's Error reply (wire-protocol.md §2).</summary>
public enum ScanEngineErrorCode : uint
{
    /// <summary>Malformed request payload.</summary>
    BadRequest = 1,
    /// <summary>Beam shift or probe position outside ± beam_shift_range / 2.</summary>
    BeamShiftOutOfRange = 2,
    /// <summary>Acquisition parameters outside their limits.</summary>
    InvalidAcquisitionParameters = 3,
    /// <summary>Acquisitions refused while <c>interlock_ok</c> is low.</summary>
    InterlockOpen = 4,
    /// <summary>Internal failure of the scan engine.</summary>
    Internal = 5,
}
