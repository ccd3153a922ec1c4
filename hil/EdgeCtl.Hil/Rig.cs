using EdgeCtl.Hil.Cli;
using EdgeCtl.Hil.Clock;
using EdgeCtl.Hil.Control;
using EdgeCtl.Hil.Diagnostics;
using EdgeCtl.Hil.Faults;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Hil.ScanEngine;
using EdgeCtl.Hil.Specimens;
using EdgeCtl.Hil.Specimens.Replay;
using EdgeCtl.Hil.Specimens.Synthetic;
using EdgeCtl.Hil.Stage;

namespace EdgeCtl.Hil;

/// <summary>
/// The whole instrument emulator composed from <see cref="RigOptions"/>: specimen, virtual clock,
/// stage (GCS over TCP and a pty), scan engine, GPIO lines, faults and the control port. Construct,
/// <see cref="Start"/>, print <see cref="ReadyLine"/>, and dispose to stop every listener.
/// </summary>
public sealed class Rig : IDisposable
{
    private readonly ScanEngineServer _scan;
    private readonly GcsTcpServer _gcsTcp;
    private readonly GcsPtyServer? _gcsPty;
    private readonly ControlServer _control;
    private readonly ISpecimen _specimen;
    private readonly VirtualInstrumentClock _clock;

    /// <summary>Builds every part and binds every listener (not yet accepting).</summary>
    /// <exception cref="RigUsageException">Missing data or an invalid element list.</exception>
    public Rig(RigOptions options)
    {
        string dataDir = DataDirectoryResolver.Resolve(options.DataDir);
        RigLog.Info($"data directory: {dataDir}");
        _specimen = CreateSpecimen(options, dataDir);
        RigLog.Info($"specimen {_specimen.Name}: {_specimen.WidthUm:F4} × {_specimen.HeightUm:F4} µm, elements {string.Join(",", _specimen.Elements)}, " +
                    $"particles {(_specimen.ParticleCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown")}");

        _clock = new VirtualInstrumentClock(options.Speedup, options.OverheadMs / 1000);
        var faults = new FaultBoard();
        var gpio = new GpioLines();
        var stage = new StageController(_clock, faults, _specimen.WidthUm, _specimen.HeightUm, options.StageSpeedUmPerS,
            _specimen.WidthUm / 2, _specimen.HeightUm / 2);
        var gcs = new GcsInterpreter(stage);
        var instrument = new ScanInstrument(_specimen, _clock, stage, gpio, options.RetuneSeconds, options.Seed);

        _scan = new ScanEngineServer(options.Host, options.ScanPort, instrument, faults);
        _gcsTcp = new GcsTcpServer(options.Host, options.GcsPort, gcs, stage);
        _gcsPty = options.NoPty ? null : new GcsPtyServer(gcs, stage);
        _control = new ControlServer(options.Host, options.ControlPort,
            new ControlInterpreter(gpio, _clock, faults, _specimen, _scan.CloseAllConnections));
    }

    /// <summary>Starts accepting on every listener.</summary>
    public void Start()
    {
        _scan.Start();
        _gcsTcp.Start();
        _gcsPty?.Start();
        _control.Start();
    }

    /// <summary>The READY line describing this rig.</summary>
    public ReadyLine ReadyLine => new(
        _scan.EndPoint.ToString(),
        _gcsTcp.EndPoint.ToString(),
        _gcsPty?.SlavePath,
        _control.EndPoint.ToString(),
        _specimen.Name,
        _specimen.Elements,
        _clock.Speedup);

    /// <inheritdoc />
    public void Dispose()
    {
        _control.Dispose();
        _scan.Dispose();
        _gcsTcp.Dispose();
        _gcsPty?.Dispose();
    }

    private static ISpecimen CreateSpecimen(RigOptions o, string dataDir)
    {
        if (o.Specimen == SpecimenKind.Replay)
        {
            if (!o.Elements.SequenceEqual(new RigOptions().Elements))
                RigLog.Warn("--elements is ignored by the replay specimen: its elements are Si, O");
            return new ReplaySpecimen(ReplayRecording.Load(dataDir), XrayLineTable.Load(dataDir), o.Seed, o.TargetGaussians, o.TargetSigma);
        }
        var edx = new EdxSpectrumModel(XrayLineTable.Load(dataDir));
        RigLog.Info($"EDX calibration: N0 = {edx.CountsPerSecondPerNm:G4} counts/s/nm per unit Q·ω ({EdxSpectrumModel.ReferenceCountsPerSecond} characteristic counts/s for an equimolar Au–Co–Ni particle of r = 20 nm)");
        if (o.Specimen == SpecimenKind.SyntheticHighMag)
            return SyntheticSpecimen.HighMagnification(o.Elements, o.Seed, o.TargetGaussians, o.TargetSigma, edx,
                o.ParticleDensityPerUm2 ?? SyntheticSpecimen.HighMagDensityPerUm2);
        return new SyntheticSpecimen(o.Elements, o.Seed, o.TargetGaussians, o.TargetSigma, edx);
    }
}
