using System.Text;
using EdgeCtl.Realtime;
using EdgeCtl.Service.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EdgeCtl.Service.Tests;

public sealed class CampaignStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgectl-store-").FullName;
    private string DbPath => Path.Combine(_dir, "campaign.db");

    private static CampaignRecord Campaign(string id = "c1") =>
        new(id, "synthetic", ["Au", "Co", "Ni"], 7, 10, "classical", "{}", 12.5, "running");

    private static ParticleRecord Particle(int index) =>
        new(0, index, 10 + index, 20, 100 * index, -50, 18, 5, 0.9, [0.2, 0.3, 0.5], [0.01, 0.02, 0.03], 0.03, 1234, index % 2 == 0 ? "sam" : "classical");

    private static OutgoingMessage Event(string kind) =>
        new("event", id => Encoding.UTF8.GetBytes($"{{\"event_id\":{id},\"kind\":\"{kind}\"}}"));

    private (RegionVisitRecord, ParticleRecord[]) Visit(CampaignStore store, int seq, int particles)
    {
        var list = Enumerable.Range(0, particles).Select(Particle).ToList();
        using var frame = new ImageFrame16(4, 3) { PixelSizeNm = 7.5 };
        frame.Pixels.Fill(321);
        using var edx = new Spectrum(SpectrumKind.Edx, 8, 0, 0.01);
        edx.Counts.Fill(2);
        return store.RecordRegionVisit("c1", new RegionVisitRecord(0, seq, 55, 165, 165, 40, true, null, particles),
            frame, list, [.. list.Select(_ => (Spectrum?)edx)], null, Event("region"));
    }

    [Fact]
    public void Records_survive_reopening_in_order()
    {
        using (var store = CampaignStore.Open(DbPath))
        {
            store.CreateCampaign(Campaign());
            var (visit, particles) = Visit(store, 0, 3);
            Assert.True(visit.Id > 0);
            Assert.All(particles, p => Assert.True(p.Id > 0));
            for (int i = 0; i < 3; i++)
                store.RecordMeasurement("c1", new MeasurementRecord(i + 1, particles[i].Id, 0.5 + i, 0.01, 50 + i, i == 0), null,
                    new IterationMetricsRecord(i + 1, 0.9 - 0.1 * i, 0.4, 10 + i, 55), null, Event("eels"));
        }
        using var reopened = CampaignStore.Open(DbPath);
        Assert.Equivalent(Campaign(), reopened.LoadCampaign("c1"), strict: true);
        var visits = reopened.LoadRegionVisits("c1");
        Assert.Single(visits);
        var loaded = reopened.LoadParticles(visits[0].Id);
        Assert.Equal(new double[] { 0.2, 0.3, 0.5 }, loaded[2].Composition);
        Assert.Equal(["sam", "classical", "sam"], loaded.Select(p => p.Detector));
        Assert.Equal([1, 2, 3], reopened.LoadMeasurements("c1").Select(m => m.Iteration));
        Assert.Equal([0.9, 0.8, 0.7], reopened.LoadMetrics("c1").Select(m => Math.Round(m.MeanSigma, 9)));
        Assert.Equal(4, reopened.PendingMessages(100).Count);
    }

    [Fact]
    public void A_version_1_store_is_upgraded_in_place_and_its_particles_keep_no_detector()
    {
        using (var store = CampaignStore.Open(DbPath))
        {
            store.CreateCampaign(Campaign());
            Visit(store, 0, 2);
        }
        // Make it a version-1 store: no detector column.
        using (var db = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "ALTER TABLE particles DROP COLUMN detector; PRAGMA user_version=1;";
            cmd.ExecuteNonQuery();
        }
        using (var upgraded = CampaignStore.Open(DbPath))
        {
            var visit = upgraded.LoadRegionVisits("c1")[0];
            Assert.All(upgraded.LoadParticles(visit.Id), p => Assert.Null(p.Detector));
            var (second, _) = Visit(upgraded, 1, 1);
            Assert.Equal("sam", upgraded.LoadParticles(second.Id)[0].Detector);
        }
        using var check = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)CampaignStore.SchemaVersion, (long)version.ExecuteScalar()!);
    }

    [Fact]
    public void A_particle_or_an_iteration_is_never_recorded_twice()
    {
        using var store = CampaignStore.Open(DbPath);
        store.CreateCampaign(Campaign());
        var (_, particles) = Visit(store, 0, 2);
        var metrics = new IterationMetricsRecord(1, 0.5, null, 1, 55);
        store.RecordMeasurement("c1", new MeasurementRecord(1, particles[0].Id, 1, 0.1, 1, true), null, metrics, null, Event("eels"));
        Assert.Throws<SqliteException>(() => store.RecordMeasurement("c1",
            new MeasurementRecord(2, particles[0].Id, 1, 0.1, 2, false), null, metrics with { Iteration = 2 }, null, Event("eels")));
        Assert.Throws<SqliteException>(() => store.RecordMeasurement("c1",
            new MeasurementRecord(1, particles[1].Id, 1, 0.1, 2, false), null, metrics, null, Event("eels")));
        // The failed transactions left nothing behind: one measurement, one metrics row, two events.
        Assert.Single(store.LoadMeasurements("c1"));
        Assert.Single(store.LoadMetrics("c1"));
        Assert.Equal(2, store.PendingMessages(100).Count);
    }

    [Fact]
    public void Outbox_ids_are_the_event_ids_and_publishing_marks_them()
    {
        using var store = CampaignStore.Open(DbPath);
        store.CreateCampaign(Campaign());
        Visit(store, 0, 1);
        store.Enqueue("c1", Event("alarm"));
        var pending = store.PendingMessages(10);
        Assert.Equal(2, pending.Count);
        foreach (var m in pending)
            Assert.Contains($"\"event_id\":{m.Id},", Encoding.UTF8.GetString(m.Payload));
        store.MarkPublished(pending[0].Id);
        Assert.Equal(1, store.PublishedCount("c1"));
        Assert.Equal(pending[1].Id, Assert.Single(store.PendingMessages(10)).Id);
    }

    [Fact]
    public void Evaluation_set_round_trips_with_and_without_truth()
    {
        using var store = CampaignStore.Open(DbPath);
        store.CreateCampaign(Campaign());
        store.CreateCampaign(Campaign("c2"));
        double[] pts = [0.2, 0.3, 0.5, 1, 0, 0];
        store.SaveEvaluationSet("c1", pts, 3, [0.7, 0.1]);
        store.SaveEvaluationSet("c2", pts, 3, []);
        var (p1, t1) = store.LoadEvaluationSet("c1", 3);
        Assert.Equal(pts, p1);
        Assert.Equal([0.7, 0.1], t1);
        var (p2, t2) = store.LoadEvaluationSet("c2", 3);
        Assert.Equal(pts, p2);
        Assert.Empty(t2);
    }

    [Fact]
    public void A_file_that_is_not_a_store_gives_an_error_naming_it()
    {
        File.WriteAllText(DbPath, "this is not an SQLite database, just text that is long enough to have a header page...");
        var e = Assert.Throws<CampaignStoreException>(() => CampaignStore.Open(DbPath));
        Assert.Contains(DbPath, e.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
