namespace EdgeCtl.Drivers;

/// <summary>Scan-engine message types (wire-protocol.md §2): requests 0x0001–0x0007, replies 0x8000–0x80FF.</summary>
internal enum MessageType : ushort
{
    Hello = 0x0001,
    SetBeamShift = 0x0002,
    AcquireImage = 0x0003,
    AcquireSpectrum = 0x0004,
    Retune = 0x0005,
    BeamBlank = 0x0006,
    Status = 0x0007,

    Ack = 0x8000,
    HelloReply = 0x8001,
    ImageHeader = 0x8003,
    ImageLines = 0x8004,
    ImageEnd = 0x8005,
    Spectrum = 0x8006,
    StatusReply = 0x8007,
    Error = 0x80FF,
}
