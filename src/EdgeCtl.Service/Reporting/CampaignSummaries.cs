using EdgeCtl.Service.Store;

namespace EdgeCtl.Service.Reporting;

/// <summary>Builds <see cref="CampaignSummary"/> from what the store holds (so a resumed campaign reports all of it).</summary>
public static class CampaignSummaries
{
    /// <summary>The summary of <paramref name="campaign"/> as recorded.</summary>
    public static CampaignSummary Build(CampaignStore store, CampaignRecord campaign, string state, double wallSeconds,
        string acquisition, int resumes)
    {
        var metrics = store.LoadMetrics(campaign.Id);
        var visits = store.LoadRegionVisits(campaign.Id);
        var regions = new HashSet<int>();
        int particles = 0;
        int bySam = 0, failed = 0, surveyed = 0, withSam = 0;
        foreach (var v in visits)
        {
            regions.Add(v.RegionIndex);
            particles += v.ParticleCount;
            if (!v.OverviewOk) { failed++; continue; }
            if (v.ParticleCount == 0 && v.Error is null && IsRevisit(visits, v)) continue; // a revisit surveys nothing
            surveyed++;
            int sam = 0;
            foreach (var p in store.LoadParticles(v.Id)) if (p.Detector == "sam") sam++;
            bySam += sam;
            if (sam > 0) withSam++;
        }
        var sigma = new double[metrics.Count];
        var time = new double[metrics.Count];
        var region = new int[metrics.Count];
        var err = new double[metrics.Count];
        bool hasErr = metrics.Count > 0;
        for (int i = 0; i < metrics.Count; i++)
        {
            sigma[i] = metrics[i].MeanSigma;
            time[i] = metrics[i].InstrumentSeconds;
            region[i] = metrics[i].RegionIndex;
            if (metrics[i].AbsError is { } e) err[i] = e; else hasErr = false;
        }
        return new CampaignSummary
        {
            CampaignId = campaign.Id,
            Specimen = campaign.Specimen,
            State = state,
            Elements = campaign.Elements,
            Iterations = campaign.IterationsPlanned,
            Measurements = metrics.Count,
            ParticlesQuantified = particles,
            ParticlesBySam = bySam,
            FailedVisits = failed,
            SurveyedVisits = surveyed,
            VisitsWithSamParticles = withSam,
            RegionsVisited = regions.Count,
            RegionChanges = Math.Max(0, visits.Count - 1),
            InstrumentSeconds = metrics.Count > 0 ? time[^1] : 0,
            WallSeconds = wallSeconds,
            MeanPredictiveSigma = sigma,
            AbsError = hasErr ? err : null,
            InstrumentSecondsPerIteration = time,
            RegionPerIteration = region,
            MqttEventsPublished = store.PublishedCount(campaign.Id),
            Detector = campaign.Detector,
            AcquisitionFunction = acquisition,
            Resumes = resumes,
        };
    }

    /// <summary>True when an earlier successful visit surveyed the same region (the campaign does not survey it again).</summary>
    private static bool IsRevisit(List<RegionVisitRecord> visits, RegionVisitRecord v)
    {
        foreach (var u in visits)
        {
            if (u.VisitSeq >= v.VisitSeq) break;
            if (u.RegionIndex == v.RegionIndex && u.OverviewOk) return true;
        }
        return false;
    }
}
