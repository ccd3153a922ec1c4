namespace EdgeCtl.Drivers;

/// <summary>The scan engine's StatusReply (wire-protocol.md §2).</summary>
/// <param name="InstrumentSeconds">Instrument time, s.</param>
/// <param name="BeamShiftXNm">Current beam shift X relative to the FoV centre, nm.</param>
/// <param name="BeamShiftYNm">Current beam shift Y relative to the FoV centre, nm.</param>
/// <param name="BeamBlanked">True when the beam is blanked.</param>
/// <param name="InterlockOk">True when the interlock permits acquisitions.</param>
/// <param name="LastErrorCode">Code of the last Error reply (0 = none), see <see cref="ScanEngineErrorCode"/>.</param>
public readonly record struct ScanEngineStatus(double InstrumentSeconds, double BeamShiftXNm, double BeamShiftYNm, bool BeamBlanked, bool InterlockOk, uint LastErrorCode);
