namespace EdgeCtl.Hil.ScanEngine;

/// <summary>Message types of the scan-engine protocol (docs/wire-protocol.md §2).</summary>
public enum ScanMessageType : ushort
{
    /// <summary>Request: empty.</summary>
    Hello = 0x0001,
    /// <summary>Request: f64 x_nm, f64 y_nm.</summary>
    SetBeamShift = 0x0002,
    /// <summary>Request: u16 detector, u16 reserved, u32 width, u32 height, f64 dwell_us, f64 fov_um.</summary>
    AcquireImage = 0x0003,
    /// <summary>Request: u16 kind, u16 reserved, f64 x_nm, f64 y_nm, f64 seconds.</summary>
    AcquireSpectrum = 0x0004,
    /// <summary>Request: empty.</summary>
    Retune = 0x0005,
    /// <summary>Request: u8 on.</summary>
    BeamBlank = 0x0006,
    /// <summary>Request: empty.</summary>
    Status = 0x0007,
    /// <summary>Reply: f64 instrument_seconds.</summary>
    Ack = 0x8000,
    /// <summary>Reply to Hello.</summary>
    HelloReply = 0x8001,
    /// <summary>Reply: first message of an image.</summary>
    ImageHeader = 0x8003,
    /// <summary>Reply: a block of image rows.</summary>
    ImageLines = 0x8004,
    /// <summary>Reply: end of an image.</summary>
    ImageEnd = 0x8005,
    /// <summary>Reply: a spectrum.</summary>
    Spectrum = 0x8006,
    /// <summary>Reply to Status.</summary>
    StatusReply = 0x8007,
    /// <summary>Reply: the request failed.</summary>
    Error = 0x80FF,
}
