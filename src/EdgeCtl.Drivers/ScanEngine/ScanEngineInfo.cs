namespace EdgeCtl.Drivers;

/// <summary>The scan engine's HelloReply (wire-protocol.md §2).</summary>
/// <param name="ProtocolVersion">Protocol version spoken by the server (1).</param>
/// <param name="TimeScale">Instrument seconds per wall second (1 on a real instrument; the rig's speed-up).</param>
/// <param name="InstrumentSeconds">Instrument time when the reply was sent, s.</param>
/// <param name="BeamShiftRangeUm">Full width of the beam-shift range = FoV of an overview, µm (30 on the synthetic specimen).</param>
/// <param name="PreferredImageWidth">Native tile width in pixels, 0 = any.</param>
/// <param name="Name">Server name, free text.</param>
public sealed record ScanEngineInfo(int ProtocolVersion, double TimeScale, double InstrumentSeconds, double BeamShiftRangeUm, int PreferredImageWidth, string Name);
