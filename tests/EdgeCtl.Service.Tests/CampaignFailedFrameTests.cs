using EdgeCtl.Hil;
using EdgeCtl.Hil.Cli;
using EdgeCtl.Hil.Diagnostics;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Policy;
using EdgeCtl.Service.Campaign;
using EdgeCtl.Service.Configuration;
using EdgeCtl.Service.Store;
using EdgeCtl.Service.Systemd;
using EdgeCtl.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeCtl.Service.Tests;

/// <summary>
/// The campaign loop (<see cref="CampaignRunner"/>, composed as <c>edgectl run</c> composes it) against the
/// rig in process, when particle detection throws on a frame: the visit is recorded as failed with the
/// frame and the error, the status's last_error says so, and the campaign goes on in other regions.
/// </summary>
public sealed class CampaignFailedFrameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgectl-failed-frame-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Fault injection on the detector side (as the rig's FAULT commands are on the instrument side):
    /// the first <paramref name="failures"/> frames reach the real classical detector with one NaN pixel,
    /// as a frame damaged on its way would, and the detector's own bad-input error propagates.
    /// </summary>
    private sealed class NaNPixelInjector(int failures) : IParticleDetector
    {
        private readonly ClassicalParticleDetector _real = new();
        public int Calls { get; private set; }
        public string Name => _real.Name;

        public IReadOnlyList<DetectedParticle> Detect(GrayImage image, DetectionOptions options)
        {
            if (Calls++ < failures) image.Pixels[image.Width * (image.Height / 2) + image.Width / 2] = float.NaN;
            return _real.Detect(image, options);
        }
    }

    [Fact]
    public async Task Frame_whose_detection_fails_is_recorded_as_failed_and_the_campaign_goes_on()
    {
        RigLog.Verbose = false;
        using var rig = new Rig(new RigOptions
        {
            Specimen = SpecimenKind.SyntheticHighMag, ParticleDensityPerUm2 = 4000, NoPty = true, Speedup = 1e5, DataDir = SharedData.Dir, Seed = 4,
        });
        rig.Start();
        var ready = rig.ReadyLine;
        var options = new EdgeCtlOptions
        {
            Instrument = new InstrumentOptions { ScanEngine = ready.Scan, Stage = $"tcp://{ready.GcsTcp}", RigControl = ready.Control, Gpio = "rig" },
            Acquisition = new AcquisitionOptions { ParticleDetector = "classical", ExpectedParticleDiameterNm = 4, OverviewDwellUs = 4, EdxFrameSeconds = 40 },
            Mqtt = new MqttSettings { Enabled = false },
        }.ApplyDefaults();
        OptionsValidator.ThrowIfInvalid(options);
        const string id = "failed-frame";
        const int iterations = 6;
        var loggers = NullLoggerFactory.Instance;
        using var store = CampaignStore.Open(Path.Combine(_dir, "campaign.db"));
        await using var instrument = await InstrumentSession.ConnectAsync(options.Instrument, NullLogger.Instance, CancellationToken.None);
        var limits = instrument.StageLimits;
        var plan = OverviewPlanner.Plan(options.Acquisition, instrument.Info.BeamShiftRangeUm, instrument.Info.PreferredImageWidth,
            (limits.MaxXUm - limits.MinXUm) * (limits.MaxYUm - limits.MinYUm), "classical");
        var grid = new RegionGrid(limits.MinXUm, limits.MinYUm, limits.MaxXUm, limits.MaxYUm, plan.FovUm);
        var elements = options.Campaign.Elements;
        store.CreateCampaign(new CampaignRecord(id, "synthetic-highmag", elements, 4, iterations, "classical", "{}", instrument.InstrumentSeconds, "running"));
        var eval = EvaluationSet.Create(50, elements.Length, 4);
        var policy = new CampaignPolicy(elements.Length, PolicySettingsMapper.ToPolicyOptions(options.Policy, grid.FovUm, options.Acquisition), 4);
        var state = CampaignState.Restore(store, id, grid, policy, eval, []);
        using var notifier = new SystemdNotifier(null, null);
        await using var telemetry = await CampaignTelemetry.StartAsync(options.Mqtt, store, id, iterations, "classical", instrument, notifier, loggers);
        var detector = new NaNPixelInjector(failures: 1);
        var survey = new RegionSurvey(instrument.Scan, detector, new EdxComposition(elements, 200), options.Acquisition, plan.FovUm, plan.Pixels,
            NullLogger.Instance);
        var setup = new CampaignSetup(id, instrument, store, telemetry, grid, grid.CentralRegion, iterations, options.Campaign.SeedParticles, 4,
            survey, options.Acquisition.EelsSeconds, instrument.InstrumentSeconds);

        string final = await new CampaignRunner(setup, state, NullLogger<CampaignRunner>.Instance).RunAsync(CancellationToken.None);

        Assert.Equal("completed", final);
        Assert.Equal(iterations, store.LoadMeasurements(id).Count);
        var visits = store.LoadRegionVisits(id);
        var first = visits[0];
        Assert.Equal(grid.CentralRegion, first.RegionIndex);
        Assert.False(first.OverviewOk);
        Assert.Contains("detection failed", first.Error);
        Assert.Contains("NaN", first.Error);
        Assert.Equal(0, first.ParticleCount);
        Assert.Empty(store.LoadParticles(first.Id));
        // The campaign went on: later regions were surveyed and measured, none of them the failed one's first visit.
        Assert.Contains(visits.Skip(1), v => v.OverviewOk && v.ParticleCount > 0 && v.RegionIndex != first.RegionIndex);
        Assert.True(detector.Calls >= 2);
        // The status's last_error is the state's LastError: the failure stays visible.
        Assert.Contains("detection failed", state.LastError);
    }
}
