using System.Diagnostics;
using System.Text.Json;
using EdgeCtl.Policy;
using EdgeCtl.Service.Campaign;
using EdgeCtl.Service.Configuration;
using EdgeCtl.Service.Reporting;
using EdgeCtl.Service.Store;
using EdgeCtl.Service.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCtl.Service.Cli;

/// <summary>
/// The hosted service behind <c>edgectl run</c>: composes instrument, store, policy, perception and
/// telemetry into a <see cref="CampaignRunner"/>, runs it, writes the run folder, and stops the host.
/// </summary>
public sealed class CampaignService(
    EdgeCtlOptions options, CampaignExit exit, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger("edgectl");

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var wall = Stopwatch.StartNew();
        using var notifier = new SystemdNotifier();
        string campaignId = options.Campaign.Id.Length > 0
            ? options.Campaign.Id
            : $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{(options.Campaign.Specimen.Length > 0 ? options.Campaign.Specimen : "campaign")}";
        var folder = new RunFolder(options.Campaign.RunsDirectory, campaignId);
        CampaignStore? store = null;
        CampaignTelemetry? telemetry = null;
        InstrumentSession? instrument = null;
        CampaignState? state = null;
        CampaignRecord? record = null;
        ResolvedDetector? detector = null;
        string final = "failed";
        try
        {
            store = CampaignStore.Open(folder.StorePath);
            instrument = await InstrumentSession.ConnectAsync(options.Instrument, loggers.CreateLogger<InstrumentSession>(), stoppingToken);
            var info = instrument.Info;
            detector = ParticleDetectors.Resolve(options.Acquisition.ParticleDetector);
            if (detector.FallbackReason is { } fallback)
                _log.LogWarning("Particle detector '{Requested}' unavailable, the campaign uses '{Name}': {Reason}", detector.Requested, detector.Name, fallback);
            else
                _log.LogInformation("Particle detector: {Name}", detector.Name);
            var limits = instrument.StageLimits;
            var plan = OverviewPlanner.Plan(options.Acquisition, info.BeamShiftRangeUm, info.PreferredImageWidth,
                (limits.MaxXUm - limits.MinXUm) * (limits.MaxYUm - limits.MinYUm), detector.Name);
            _log.LogInformation("Overview plan: {Plan}", plan.Reason);
            double fovUm = plan.FovUm;
            int pixels = plan.Pixels;
            var grid = new RegionGrid(limits.MinXUm, limits.MinYUm, limits.MaxXUm, limits.MaxYUm, fovUm);
            var elements = options.Campaign.Elements;
            await instrument.CheckElementsAsync(elements, stoppingToken);

            record = store.LoadCampaign(campaignId);
            if (record is not null)
            {
                if (!record.Elements.SequenceEqual(elements))
                    throw new ConfigurationException($"Campaign '{campaignId}' in {folder.StorePath} explores {string.Join(',', record.Elements)}, but the configuration asks for {string.Join(',', elements)}: use another campaign id.");
                if (record.State == "completed")
                {
                    final = "completed";
                    exit.Code = 0;
                    _log.LogWarning("Campaign {Id} is already completed; nothing to do.", campaignId);
                    return;
                }
                store.MarkResumed(campaignId);
                _log.LogWarning("Resuming campaign {Id} from {Store}.", campaignId, folder.StorePath);
            }
            else
            {
                record = new CampaignRecord(campaignId, options.Campaign.Specimen.Length > 0 ? options.Campaign.Specimen : info.Name,
                    elements, options.Campaign.Seed, options.Campaign.Iterations, detector.Name,
                    JsonSerializer.Serialize(options, ConfigJsonContext.Default.EdgeCtlOptions), instrument.InstrumentSeconds, "running");
                store.CreateCampaign(record);
            }

            var (evalFlat, evalTruth) = store.LoadEvaluationSet(campaignId, elements.Length);
            if (evalFlat.Length == 0) // new campaign, or one that stopped before its evaluation set was saved
            {
                evalFlat = EvaluationSet.Create(options.Campaign.EvaluationPoints, elements.Length, record.Seed);
                evalTruth = await instrument.GroundTruthAsync(evalFlat, elements.Length, stoppingToken);
                store.SaveEvaluationSet(campaignId, evalFlat, elements.Length, evalTruth);
            }
            var policy = new CampaignPolicy(elements.Length, PolicySettingsMapper.ToPolicyOptions(options.Policy, grid.FovUm, options.Acquisition), record.Seed);
            state = CampaignState.Restore(store, campaignId, grid, policy, evalFlat, evalTruth);
            telemetry = await CampaignTelemetry.StartAsync(options.Mqtt, store, campaignId, record.IterationsPlanned,
                detector.Name, instrument, notifier, loggers);
            // The fallback shows in the status (detector = classical) and, until another error replaces it, in last_error.
            if (detector.FallbackReason is { } why) telemetry.Alarm(state, why);

            var edx = new EdxComposition(elements, options.Acquisition.BeamEnergyKeV);
            var survey = new RegionSurvey(instrument.Scan, detector.Detector, edx,
                options.Acquisition, fovUm, pixels, loggers.CreateLogger<RegionSurvey>());
            var setup = new CampaignSetup(campaignId, instrument, store, telemetry, grid,
                options.Campaign.StartRegion >= 0 ? options.Campaign.StartRegion : grid.CentralRegion,
                record.IterationsPlanned, options.Campaign.SeedParticles, record.Seed, survey, options.Acquisition.EelsSeconds,
                record.StartInstrumentSeconds);
            notifier.Ready();
            notifier.Status($"campaign {campaignId}: {state.Iteration}/{record.IterationsPlanned}");

            using (var progress = new CampaignProgress(record.IterationsPlanned, state.Iteration))
            {
                telemetry.Progress = progress;
                var runner = new CampaignRunner(setup, state, loggers.CreateLogger<CampaignRunner>());
                final = await runner.RunAsync(stoppingToken);
            }
            store.SetState(campaignId, final);
            exit.Code = final == "aborted" ? 3 : 0;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            final = "stopped";
            exit.Code = 130;
            _log.LogWarning("Campaign {Id} stopped by signal; restart with the same id to resume.", campaignId);
        }
        catch (Exception e)
        {
            final = "failed";
            exit.Code = 1;
            Console.Error.WriteLine($"edgectl run: campaign {campaignId} failed: {e.Message}");
            _log.LogError(e, "Campaign {Id} failed.", campaignId);
            if (state is not null) state.LastError = e.Message;
            telemetry?.Alarm(state, $"campaign failed: {e.Message}");
            try { store?.SetState(campaignId, "failed"); } catch (Exception se) { _log.LogError("Could not record the failure: {E}", se.Message); }
        }
        finally
        {
            notifier.Stopping();
            if (telemetry is not null) await telemetry.StopAsync(state, final);
            if (store is not null && record is not null)
            {
                var summary = CampaignSummaries.Build(store, record, final, wall.Elapsed.TotalSeconds, options.Policy.AcquisitionFunction, store.Resumes(campaignId));
                folder.WriteSummary(summary);
                folder.WriteMeasurementsCsv(store, campaignId, record.Elements);
                SummaryTable.Print(summary);
            }
            store?.Dispose();
            detector?.Dispose();
            if (instrument is not null) await instrument.DisposeAsync();
            if (store is not null) Console.Out.WriteLine($"run folder: {folder.Path}");
            lifetime.StopApplication();
        }
    }
}
