using EdgeCtl.Realtime;

namespace EdgeCtl.Drivers;

/// <summary>
/// The scan engine and its detectors (wire-protocol.md §2): beam positioning, HAADF/BF imaging,
/// EDX/EELS spectra, retune and beam blanking. Implemented by <see cref="ScanEngineClient"/>.
/// Requests are serialised; every method may reconnect first. Common failures: <see cref="ScanEngineException"/>
/// (the engine refused the request), <see cref="ProtocolException"/> (bad bytes; the connection was
/// dropped and is reopened on the next request), <see cref="DeviceTimeoutException"/>,
/// <see cref="DeviceConnectionException"/> (cannot connect, or the connection died twice).
/// </summary>
public interface IScanEngine
{
    /// <summary>Connects if needed and returns the server's Hello information.</summary>
    Task<ScanEngineInfo> ConnectAsync(CancellationToken ct);

    /// <summary>Moves the beam to (<paramref name="xNm"/>, <paramref name="yNm"/>) relative to the FoV centre, nm (within ± beam_shift_range/2).</summary>
    Task SetBeamShiftAsync(double xNm, double yNm, CancellationToken ct);

    /// <summary>Acquires one image. The caller owns and must dispose the returned frame (pooled buffer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The request is outside the protocol limits (<see cref="ImageRequest.Validate"/>).</exception>
    Task<ImageFrame16> AcquireImageAsync(ImageRequest request, CancellationToken ct);

    /// <summary>
    /// Acquires one spectrum at probe position (<paramref name="xNm"/>, <paramref name="yNm"/>) relative to the FoV centre, nm,
    /// for <paramref name="seconds"/> (0, 3600] of live time. Counts (u32 on the wire) become doubles. The caller disposes the spectrum.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown kind, non-finite position or seconds outside (0, 3600].</exception>
    Task<Spectrum> AcquireSpectrumAsync(SpectrumKind kind, double xNm, double yNm, double seconds, CancellationToken ct);

    /// <summary>Realigns the column after a stage move (5 instrument seconds on the rig).</summary>
    Task RetuneAsync(CancellationToken ct);

    /// <summary>Blanks (<paramref name="on"/> = true) or unblanks the beam.</summary>
    Task SetBeamBlankAsync(bool on, CancellationToken ct);

    /// <summary>Reads the engine status.</summary>
    Task<ScanEngineStatus> GetStatusAsync(CancellationToken ct);

    /// <summary>Latest instrument time seen in any reply, s (0 before the first reply).</summary>
    double LastInstrumentSeconds { get; }

    /// <summary>Connections opened after the first one.</summary>
    int ReconnectCount { get; }

    /// <summary>
    /// Raised after each reconnection, synchronously on the request that reconnected: handlers must return
    /// quickly, must not throw and must not call back into the engine.
    /// </summary>
    event EventHandler<ScanEngineReconnectedEventArgs>? Reconnected;
}
