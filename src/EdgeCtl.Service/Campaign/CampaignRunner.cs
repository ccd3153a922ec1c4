using EdgeCtl.Policy;
using EdgeCtl.Realtime;
using EdgeCtl.Service.Mqtt;
using EdgeCtl.Service.Store;
using Microsoft.Extensions.Logging;

namespace EdgeCtl.Service.Campaign;

/// <summary>
/// The campaign loop of DESIGN.md, in one place:
/// <code>
/// select region ─► overview (HAADF) ─► particle detection ─► EDX at particle centres ─► c ± σ
///      ▲                                                                                 │
///  switch region? ◄── cost-aware BO in composition space (eqs 4–17) ─► EELS on the chosen particle
///      └──────────────────────── update the GP with the measured target ◄────────────────┘
/// </code>
/// Every result is written to the <see cref="CampaignStore"/> before it is published. Restarted
/// with the same campaign id, the loop resumes from the store: no recorded measurement is lost or
/// repeated.
/// </summary>
public sealed class CampaignRunner(CampaignSetup setup, CampaignState state, ILogger<CampaignRunner> logger)
{
    private readonly InstrumentSession _instrument = setup.Instrument;
    private readonly CampaignStore _store = setup.Store;
    private readonly CampaignTelemetry _telemetry = setup.Telemetry;

    /// <summary>Runs until the planned iterations are measured, the campaign is aborted, or no region is left.</summary>
    /// <returns>The final campaign state: completed, aborted or exhausted.</returns>
    public async Task<string> RunAsync(CancellationToken ct)
    {
        if (state.CurrentRegion < 0)
            await EnterRegionAsync(setup.StartRegion, switchDecision: null, ct);
        else
            await ReturnToCurrentRegionAsync(ct);

        while (state.Iteration < setup.IterationsPlanned)
        {
            ct.ThrowIfCancellationRequested();
            if (await _telemetry.WaitWhilePausedAsync(state, ct) == CampaignCommandKind.Abort) return "aborted";

            var next = state.Iteration < setup.SeedParticles ? ChooseSeedParticle() : Decide();
            if (next.Kind == DecisionKind.SwitchRegion)
            {
                if (next.DestinationRegion < 0) return "exhausted";
                await EnterRegionAsync(next.DestinationRegion, next, ct);
                continue;
            }
            await MeasureAsync(state.Candidates[next.CandidateIndex], next, ct);
        }
        return "completed";
    }

    /// <summary>One of the first <see cref="CampaignSetup.SeedParticles"/> iterations: a random particle of the current region (paper IV.3).</summary>
    private PolicyDecision ChooseSeedParticle()
    {
        state.RefreshCandidates();
        if (state.Candidates.Count == 0)
            return SwitchTo(state.NearestRegionWithCandidatesOrUnvisited());
        var rng = new Random(unchecked((int)setup.Seed * 31 + state.Iteration));
        return new PolicyDecision(DecisionKind.MeasureCandidate, rng.Next(state.Candidates.Count),
            double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, -1);
    }

    /// <summary>The policy's choice: a particle of this FoV (eq 4) or a region switch (eqs 7–17).</summary>
    private PolicyDecision Decide()
    {
        state.RefreshCandidates();
        if (state.Candidates.Count == 0 && state.NearestRegionWithCandidatesOrUnvisited() < 0)
            return SwitchTo(-1); // every region visited and every particle found measured
        var decision = state.Decide();
        // A region just paid for with a stage move is not left before one measurement there: the
        // switch rule (eqs 16–17) prices a move by the stay value alone and could otherwise shuttle
        // between two nearly exhausted regions.
        if (decision.Kind == DecisionKind.SwitchRegion && state.Candidates.Count > 0 && state.MeasuredSinceArrival == 0)
            decision = decision with { Kind = DecisionKind.MeasureCandidate };
        if (decision.Kind == DecisionKind.SwitchRegion && decision.DestinationRegion < 0)
            logger.LogWarning("No region with unmeasured particles is left.");
        return decision;
    }

    private static PolicyDecision SwitchTo(int region) =>
        new(DecisionKind.SwitchRegion, -1, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, region);

    /// <summary>Stage move, retune, survey (overview → detection → EDX), then record the visit.</summary>
    private async Task EnterRegionAsync(int region, PolicyDecision? switchDecision, CancellationToken ct)
    {
        var (x, y) = setup.Grid.Center(region);
        _telemetry.Status(state, $"moving to region {region}");
        await _instrument.MoveStageAsync(x, y, ct);
        await _instrument.RetuneAsync(ct);

        bool revisit = state.HasSurveyed(region);
        SurveyResult survey = revisit
            ? new SurveyResult(null, [], [], null)
            : await setup.Survey.RunAsync(x, y, new AcquisitionGuard(_telemetry, state, ct), ct);
        using (survey)
        {
            var visit = new RegionVisitRecord(0, state.VisitCount, region, x, y, _instrument.InstrumentSeconds,
                survey.Error is null, survey.Error, survey.Particles.Count);
            DecisionRecord? decisionRecord = switchDecision is { } d
                ? CampaignRecords.Decision(state.Iteration, d, particleId: null, _instrument.InstrumentSeconds)
                : null;
            var message = _telemetry.RegionEvent(state, visit, survey.Particles.Count, revisit);
            var (stored, particles) = _store.RecordRegionVisit(setup.CampaignId, visit, survey.Overview, survey.Particles,
                survey.EdxSpectra, decisionRecord, message);
            state.AddVisit(stored, particles);
            _telemetry.Published();
            if (survey.Error is not null) _telemetry.Alarm(state, $"region {region}: {survey.Error}");
            logger.LogInformation("Region {Region} ({X:F0}, {Y:F0}) µm: {Count} particles{Revisit}", region, x, y,
                particles.Length, revisit ? " (revisit)" : "");
        }
        _telemetry.Status(state, null);
    }

    /// <summary>After a restart: put the stage back where the last recorded visit left it.</summary>
    private async Task ReturnToCurrentRegionAsync(CancellationToken ct)
    {
        var (x, y) = setup.Grid.Center(state.CurrentRegion);
        var here = await _instrument.StagePositionAsync(ct);
        if (Math.Abs(here.XUm - x) > 0.5 || Math.Abs(here.YUm - y) > 0.5)
        {
            logger.LogInformation("Resuming: stage at ({X:F1}, {Y:F1}) µm, returning to region {Region}.", here.XUm, here.YUm, state.CurrentRegion);
            await _instrument.MoveStageAsync(x, y, ct);
            await _instrument.RetuneAsync(ct);
        }
        _telemetry.Status(state, "resumed");
    }

    /// <summary>EELS on the chosen particle, GP update, metrics, record, publish.</summary>
    private async Task MeasureAsync(SurveyedParticle particle, PolicyDecision decision, CancellationToken ct)
    {
        var p = particle.Record;
        using var eels = await new AcquisitionGuard(_telemetry, state, ct)
            .RunAsync(() => _instrument.AcquireEelsAsync(p.OffsetXNm, p.OffsetYNm, setup.EelsSeconds, ct));
        var (target, sigma) = setup.ExtractTarget(eels);

        int iteration = state.Iteration + 1;
        state.Observe(particle, target);
        var metrics = new IterationMetricsRecord(iteration, state.MeanPredictiveSigma(), state.MeanAbsoluteError(),
            _instrument.InstrumentSeconds - setup.StartInstrumentSeconds, state.CurrentRegion);
        var measurement = new MeasurementRecord(iteration, p.Id, target, sigma, _instrument.InstrumentSeconds, iteration <= setup.SeedParticles);
        var decisionRecord = CampaignRecords.Decision(iteration, decision, p.Id, _instrument.InstrumentSeconds);
        var message = _telemetry.MeasurementEvent(state, particle, measurement, metrics);
        _store.RecordMeasurement(setup.CampaignId, measurement, decisionRecord, metrics, eels, message);
        state.Commit(particle, metrics);
        _telemetry.Published();
        _telemetry.Status(state, null);
    }
}
