using System.Globalization;
using Spectre.Console;

namespace EdgeCtl.Service.Reporting;

/// <summary>The end-of-run table printed by <c>edgectl run</c>.</summary>
public static class SummaryTable
{
    /// <summary>Prints <paramref name="s"/> as a two-column table.</summary>
    public static void Print(CampaignSummary s)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = new Table().Border(TableBorder.Rounded).AddColumn("campaign").AddColumn(Markup.Escape(s.CampaignId));
        void Row(string k, string v) => t.AddRow(Markup.Escape(k), Markup.Escape(v));
        Row("state", s.State);
        Row("specimen", s.Specimen);
        Row("elements", string.Join('-', s.Elements));
        Row("measurements (EELS)", $"{s.Measurements} / {s.Iterations}");
        Row("particles quantified (EDX)", $"{s.ParticlesQuantified.ToString(inv)} ({s.ParticlesBySam.ToString(inv)} segmented by SAM)");
        Row("surveys / with SAM / failed", $"{s.SurveyedVisits} / {s.VisitsWithSamParticles} / {s.FailedVisits}");
        Row("regions visited / changes", $"{s.RegionsVisited} / {s.RegionChanges}");
        Row("instrument time", CampaignProgress.Format(s.InstrumentSeconds) + string.Create(inv, $" ({s.InstrumentSeconds:F0} s)"));
        Row("wall time", string.Create(inv, $"{s.WallSeconds:F1} s"));
        if (s.MeanPredictiveSigma.Length > 0)
            Row("mean σ first → last", string.Create(inv, $"{s.MeanPredictiveSigma[0]:F4} → {s.MeanPredictiveSigma[^1]:F4}"));
        if (s.AbsError is { Length: > 0 } e)
            Row("abs error first → last", string.Create(inv, $"{e[0]:F4} → {e[^1]:F4}"));
        Row("MQTT events published", s.MqttEventsPublished.ToString(inv));
        Row("detector / acquisition", $"{s.Detector} / {s.AcquisitionFunction}");
        AnsiConsole.Write(t);
    }
}
