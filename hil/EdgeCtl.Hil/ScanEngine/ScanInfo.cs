namespace EdgeCtl.Hil.ScanEngine;

/// <summary>Content of a HelloReply (docs/wire-protocol.md §2).</summary>
/// <param name="TimeScale">Instrument seconds per wall second.</param>
/// <param name="InstrumentSeconds">T after the request.</param>
/// <param name="BeamShiftRangeUm">Full width of the beam-shift range = overview FoV, µm.</param>
/// <param name="PreferredImageWidth">Native tile width, px (0 = any).</param>
/// <param name="Name">Instrument name.</param>
public sealed record HelloInfo(double TimeScale, double InstrumentSeconds, double BeamShiftRangeUm, uint PreferredImageWidth, string Name);

/// <summary>Content of a StatusReply.</summary>
public readonly record struct StatusInfo(double InstrumentSeconds, double BeamShiftXNm, double BeamShiftYNm, bool BeamBlanked, bool InterlockOk, uint LastErrorCode);
