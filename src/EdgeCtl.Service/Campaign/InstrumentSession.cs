using System.Globalization;
using EdgeCtl.Drivers;
using EdgeCtl.Realtime;
using EdgeCtl.Service.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeCtl.Service.Campaign;

/// <summary>
/// The connected instrument: stage (PI GCS over serial or TCP), scan engine and detectors (binary
/// TCP), GPIO lines (emulated through the rig, or libgpiod), and on the HIL rig its control port.
/// Drivers never decide anything; this class only sequences the calls the campaign needs.
/// </summary>
public sealed class InstrumentSession : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly IGcsTransport _gcs;
    private readonly ScanEngineClient _scan;
    private readonly IDigitalLines? _lines;
    private readonly RigControlClient? _rig;

    private InstrumentSession(ILogger log, IGcsTransport gcs, PiGcsStage stage, ScanEngineClient scan, ScanEngineInfo info,
        IDigitalLines? lines, RigControlClient? rig)
    {
        _log = log;
        _gcs = gcs;
        Stage = stage;
        _scan = scan;
        Info = info;
        _lines = lines;
        _rig = rig;
    }

    /// <summary>The stage.</summary>
    public IStage Stage { get; }
    /// <summary>The scan engine.</summary>
    public IScanEngine Scan => _scan;
    /// <summary>What the scan engine announced (time scale, beam-shift range, preferred width, name).</summary>
    public ScanEngineInfo Info { get; }
    /// <summary>Stage soft limits, µm.</summary>
    public StageLimits StageLimits => Stage.Limits;
    /// <summary>Latest instrument time seen in any scan-engine reply, s.</summary>
    public double InstrumentSeconds => _scan.LastInstrumentSeconds;

    /// <summary>Connects every device named in <paramref name="o"/>, initialises the stage and unblanks the beam.</summary>
    /// <exception cref="DeviceException">A device is unreachable or answers wrongly; the message names it.</exception>
    public static async Task<InstrumentSession> ConnectAsync(InstrumentOptions o, ILogger log, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(o.RequestTimeoutSeconds);
        Endpoint.TryParseHostPort(o.ScanEngine, out var scanHost, out var scanPort);
        var scan = new ScanEngineClient(new ScanEngineOptions { Host = scanHost, Port = scanPort, RequestTimeout = timeout });
        var info = await scan.ConnectAsync(ct);
        log.LogInformation("Scan engine {Name}: protocol {V}, time scale {Scale}, beam-shift range {Range} µm",
            info.Name, info.ProtocolVersion, info.TimeScale, info.BeamShiftRangeUm);

        StageEndpoint.TryParse(o.Stage, out var se);
        var gcsOptions = new GcsTransportOptions { RequestTimeout = timeout, ConnectTimeout = timeout };
        IGcsTransport gcs = se.IsSerial
            ? new SerialGcsTransport(se.DevicePath, new SerialPortSettings(o.StageBaud), gcsOptions)
            : new TcpGcsTransport(se.Host, se.Port, gcsOptions);
        // A move may take the longest diagonal at the stage speed, in instrument seconds; the wall
        // allowance divides that by the instrument's time scale and adds a margin. The limits and
        // speed are known only after a first initialisation.
        var probe = new PiGcsStage(gcs);
        await probe.InitializeAsync(ct);
        var lim = probe.Limits;
        double diagonal = Math.Sqrt(Math.Pow(lim.MaxXUm - lim.MinXUm, 2) + Math.Pow(lim.MaxYUm - lim.MinYUm, 2));
        var moveTimeout = TimeSpan.FromSeconds(diagonal / probe.VelocityUmPerS / Math.Max(info.TimeScale, 1) + o.StageMotionMarginSeconds);
        var stage = new PiGcsStage(gcs, new PiGcsStageOptions { MoveTimeout = moveTimeout });
        await stage.InitializeAsync(ct);
        log.LogInformation("Stage {Id}: limits {Limits}, {V} µm/s", await stage.IdentifyAsync(ct), lim, stage.VelocityUmPerS);

        RigControlClient? rig = null;
        if (o.RigControl.Length > 0 && Endpoint.TryParseHostPort(o.RigControl, out var rh, out var rp))
            rig = new RigControlClient(new RigControlOptions { Host = rh, Port = rp, RequestTimeout = timeout });
        IDigitalLines? lines = o.Gpio switch
        {
            "rig" => new RigDigitalLines(rig ?? throw new ConfigurationException("Instrument:Gpio = rig needs Instrument:RigControl.")),
            "libgpiod" => new LibgpiodDigitalLines(new LibgpiodOptions
            {
                Chip = o.GpioChip,
                Offsets = new Dictionary<string, uint>
                {
                    ["beam_blank"] = (uint)o.GpioOffsets[0], ["interlock_ok"] = (uint)o.GpioOffsets[1], ["acq_trigger"] = (uint)o.GpioOffsets[2],
                },
            }),
            _ => null,
        };
        var session = new InstrumentSession(log, gcs, stage, scan, info, lines, rig);
        session.SetBeamBlank(false);
        await scan.SetBeamBlankAsync(false, ct);
        return session;
    }

    /// <summary>True when the interlock line allows acquisitions (always true without GPIO).</summary>
    public bool InterlockOk => _lines?.Read(DigitalLine.InterlockOk) ?? true;

    /// <summary>Drives the beam_blank line.</summary>
    public void SetBeamBlank(bool on) => _lines?.Write(DigitalLine.BeamBlank, on);

    /// <summary>Moves the stage to (<paramref name="xUm"/>, <paramref name="yUm"/>) and waits until on target (eq 5's d/v).</summary>
    public Task MoveStageAsync(double xUm, double yUm, CancellationToken ct) => Stage.MoveToAsync(xUm, yUm, ct);

    /// <summary>Current stage position.</summary>
    public Task<StagePosition> StagePositionAsync(CancellationToken ct) => Stage.GetPositionAsync(ct);

    /// <summary>Realignment after a stage move (t_0's retune part).</summary>
    public Task RetuneAsync(CancellationToken ct) => _scan.RetuneAsync(ct);

    /// <summary>An EELS spectrum with the probe at (<paramref name="xNm"/>, <paramref name="yNm"/>) from the FoV centre (beam shift).</summary>
    public async Task<Spectrum> AcquireEelsAsync(double xNm, double yNm, double seconds, CancellationToken ct)
    {
        _lines?.Write(DigitalLine.AcqTrigger, true);
        try
        {
            await _scan.SetBeamShiftAsync(xNm, yNm, ct);
            return await _scan.AcquireSpectrumAsync(SpectrumKind.Eels, xNm, yNm, seconds, ct);
        }
        finally
        {
            _lines?.Write(DigitalLine.AcqTrigger, false);
        }
    }

    /// <summary>On the HIL rig: checks the specimen's elements match the campaign's, in order.</summary>
    /// <exception cref="ConfigurationException">They differ; the message names both lists.</exception>
    public async Task CheckElementsAsync(string[] elements, CancellationToken ct)
    {
        if (_rig is null) return;
        var rigElements = await _rig.GetElementsAsync(ct);
        if (!rigElements.SequenceEqual(elements))
            throw new ConfigurationException($"EdgeCtl:Campaign:Elements = {string.Join(',', elements)}, but the rig's specimen holds {string.Join(',', rigElements)} (in that order).");
    }

    /// <summary>Ground truth at the evaluation points (HIL rig only; empty on a real instrument).</summary>
    public async Task<double[]> GroundTruthAsync(double[] pointsFlat, int dims, CancellationToken ct)
    {
        if (_rig is null) return [];
        var truth = new double[pointsFlat.Length / dims];
        const int batch = 100;
        for (int start = 0; start < truth.Length; start += batch)
        {
            int n = Math.Min(batch, truth.Length - start);
            var values = await _rig.GetTargetAsync(pointsFlat.AsMemory(start * dims, n * dims), dims, ct);
            values.AsSpan().CopyTo(truth.AsSpan(start, n));
        }
        return truth;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            SetBeamBlank(true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _scan.SetBeamBlankAsync(true, cts.Token);
        }
        catch (Exception e)
        {
            _log.LogWarning("Could not blank the beam on shutdown: {Error}", e.Message.ToString(CultureInfo.InvariantCulture));
        }
        (_lines as IDisposable)?.Dispose();
        _rig?.Dispose();
        _scan.Dispose();
        (Stage as IDisposable)?.Dispose();
        _gcs.Dispose();
    }
}
