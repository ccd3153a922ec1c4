using System.Runtime.InteropServices;
using EdgeCtl.Realtime;
using Microsoft.Data.Sqlite;

namespace EdgeCtl.Service.Store;

/// <summary>
/// The durable campaign store: one SQLite file (WAL, <c>synchronous=FULL</c>) holding campaigns,
/// region visits with their overview frames, particles with EDX compositions and spectra, EELS
/// measurements, policy decisions, per-iteration metrics and the outbox of messages to publish.
/// Every write that records a measurement also enqueues its MQTT event in the same transaction,
/// so nothing leaves the box before it is on disk (DESIGN.md, "Data"). Thread-safe: one connection
/// behind a lock (the MQTT thread marks messages published while the campaign writes).
/// </summary>
public sealed class CampaignStore : IDisposable
{
    /// <summary>Schema version written to <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = 2;

    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private CampaignStore(SqliteConnection db, string path)
    {
        _db = db;
        Path = path;
    }

    /// <summary>Path of the SQLite file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    /// <exception cref="CampaignStoreException">The file is not a campaign store, is corrupt, or has a newer schema.</exception>
    public static CampaignStore Open(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
            var version = Convert.ToInt32(Scalar(db, "PRAGMA user_version;"));
            if (version > SchemaVersion)
                throw new CampaignStoreException($"Campaign store '{path}' has schema version {version}; this edgectl reads up to {SchemaVersion}.");
            var check = (string?)Scalar(db, "PRAGMA quick_check;");
            if (check != "ok")
                throw new CampaignStoreException($"Campaign store '{path}' failed its integrity check: {check}.");
            if (version == 0) Exec(db, StoreSchema.Sql + $"PRAGMA user_version={SchemaVersion};");
            for (int v = version; v > 0 && v < SchemaVersion; v++) // an older store: upgrade in place, one version per transaction
                Exec(db, $"BEGIN; {StoreSchema.Upgrades[v - 1]} PRAGMA user_version={v + 1}; COMMIT;");
            return new CampaignStore(db, path);
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new CampaignStoreException($"Campaign store '{path}' cannot be opened: {e.Message}", e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Creates a campaign row. Throws if the id exists.</summary>
    public void CreateCampaign(CampaignRecord c)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO campaigns(id, specimen, elements, seed, iterations_planned, detector, config_json, start_instrument_s, state, created_utc)
                VALUES ($id, $specimen, $elements, $seed, $iterations, $detector, $config, $start, $state, $utc)
                """);
            cmd.Parameters.AddWithValue("$id", c.Id);
            cmd.Parameters.AddWithValue("$specimen", c.Specimen);
            cmd.Parameters.AddWithValue("$elements", string.Join(',', c.Elements));
            cmd.Parameters.AddWithValue("$seed", (long)c.Seed);
            cmd.Parameters.AddWithValue("$iterations", c.IterationsPlanned);
            cmd.Parameters.AddWithValue("$detector", c.Detector);
            cmd.Parameters.AddWithValue("$config", c.ConfigJson);
            cmd.Parameters.AddWithValue("$start", c.StartInstrumentSeconds);
            cmd.Parameters.AddWithValue("$state", c.State);
            cmd.Parameters.AddWithValue("$utc", DateTime.UtcNow.ToString("O"));
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The campaign with <paramref name="id"/>, or null.</summary>
    public CampaignRecord? LoadCampaign(string id)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT specimen, elements, seed, iterations_planned, detector, config_json, start_instrument_s, state FROM campaigns WHERE id=$id");
            cmd.Parameters.AddWithValue("$id", id);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            return new CampaignRecord(id, r.GetString(0), r.GetString(1).Split(','), (ulong)r.GetInt64(2), r.GetInt32(3),
                r.GetString(4), r.GetString(5), r.GetDouble(6), r.GetString(7));
        }
    }

    /// <summary>Counts one more resumption of the campaign from the store; returns the new count.</summary>
    public int MarkResumed(string campaignId)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE campaigns SET resumes = resumes + 1, state = 'running' WHERE id=$id RETURNING resumes");
            cmd.Parameters.AddWithValue("$id", campaignId);
            return Convert.ToInt32(cmd.ExecuteScalar() ?? throw new CampaignStoreException($"Campaign '{campaignId}' is not in '{Path}'."));
        }
    }

    /// <summary>How often the campaign was resumed from the store.</summary>
    public int Resumes(string campaignId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT resumes FROM campaigns WHERE id=$id");
            cmd.Parameters.AddWithValue("$id", campaignId);
            return Convert.ToInt32(cmd.ExecuteScalar() ?? 0);
        }
    }

    /// <summary>Sets the campaign's state (running, completed, aborted, failed).</summary>
    public void SetState(string campaignId, string state)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE campaigns SET state=$s WHERE id=$id");
            cmd.Parameters.AddWithValue("$s", state);
            cmd.Parameters.AddWithValue("$id", campaignId);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Stores the fixed evaluation set (n × D compositions) and, when known, the ground truth at each point.</summary>
    public void SaveEvaluationSet(string campaignId, ReadOnlySpan<double> pointsFlat, int dims, ReadOnlySpan<double> truth)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = Command("INSERT INTO evaluation_points(campaign_id, idx, composition, truth) VALUES ($c, $i, $x, $t)", tx);
            var pc = cmd.Parameters.Add("$c", SqliteType.Text); pc.Value = campaignId;
            var pi = cmd.Parameters.Add("$i", SqliteType.Integer);
            var px = cmd.Parameters.Add("$x", SqliteType.Blob);
            var pt = cmd.Parameters.Add("$t", SqliteType.Real);
            int n = pointsFlat.Length / dims;
            for (int i = 0; i < n; i++)
            {
                pi.Value = i;
                px.Value = Blob.Of(pointsFlat.Slice(i * dims, dims));
                pt.Value = truth.IsEmpty ? DBNull.Value : truth[i];
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>The evaluation set saved by <see cref="SaveEvaluationSet"/>: flat points and truth (empty when unknown).</summary>
    public (double[] PointsFlat, double[] Truth) LoadEvaluationSet(string campaignId, int dims)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT composition, truth FROM evaluation_points WHERE campaign_id=$c ORDER BY idx");
            cmd.Parameters.AddWithValue("$c", campaignId);
            var pts = new List<double>();
            var truth = new List<double>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                pts.AddRange(Blob.ToDoubles((byte[])r[0]));
                if (!r.IsDBNull(1)) truth.Add(r.GetDouble(1));
            }
            return (pts.ToArray(), truth.Count * dims == pts.Count ? truth.ToArray() : []);
        }
    }

    /// <summary>
    /// Records a completed region visit in one transaction: the switch decision that led here (if
    /// any), the visit, its overview frame, its particles with their EDX spectra, and the event.
    /// Returns the visit with its row id and the particles with theirs.
    /// </summary>
    public (RegionVisitRecord Visit, ParticleRecord[] Particles) RecordRegionVisit(
        string campaignId, RegionVisitRecord visit, ImageFrame16? overview,
        IReadOnlyList<ParticleRecord> particles, IReadOnlyList<Spectrum?> edxSpectra,
        DecisionRecord? switchDecision, OutgoingMessage? outboxEvent)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            if (switchDecision is not null) InsertDecision(campaignId, switchDecision, tx);
            long visitId;
            using (var cmd = Command("""
                INSERT INTO region_visits(campaign_id, visit_seq, region_index, center_x_um, center_y_um, instrument_s, overview_ok, error, particle_count)
                VALUES ($c, $seq, $r, $x, $y, $t, $ok, $err, $n) RETURNING id
                """, tx))
            {
                cmd.Parameters.AddWithValue("$c", campaignId);
                cmd.Parameters.AddWithValue("$seq", visit.VisitSeq);
                cmd.Parameters.AddWithValue("$r", visit.RegionIndex);
                cmd.Parameters.AddWithValue("$x", visit.CenterXUm);
                cmd.Parameters.AddWithValue("$y", visit.CenterYUm);
                cmd.Parameters.AddWithValue("$t", visit.InstrumentSeconds);
                cmd.Parameters.AddWithValue("$ok", visit.OverviewOk ? 1 : 0);
                cmd.Parameters.AddWithValue("$err", (object?)visit.Error ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$n", particles.Count);
                visitId = (long)cmd.ExecuteScalar()!;
            }
            if (overview is not null)
            {
                using var cmd = Command("""
                    INSERT INTO overviews(visit_id, width, height, detector, pixel_size_nm, stage_x_um, stage_y_um, instrument_s, pixels)
                    VALUES ($v, $w, $h, $d, $p, $x, $y, $t, $px)
                    """, tx);
                cmd.Parameters.AddWithValue("$v", visitId);
                cmd.Parameters.AddWithValue("$w", overview.Width);
                cmd.Parameters.AddWithValue("$h", overview.Height);
                cmd.Parameters.AddWithValue("$d", overview.Detector.ToString());
                cmd.Parameters.AddWithValue("$p", overview.PixelSizeNm);
                cmd.Parameters.AddWithValue("$x", overview.StageXUm);
                cmd.Parameters.AddWithValue("$y", overview.StageYUm);
                cmd.Parameters.AddWithValue("$t", overview.InstrumentSeconds);
                cmd.Parameters.AddWithValue("$px", MemoryMarshal.AsBytes((ReadOnlySpan<ushort>)overview.Pixels).ToArray());
                cmd.ExecuteNonQuery();
            }
            var stored = new ParticleRecord[particles.Count];
            using (var cmd = Command("""
                INSERT INTO particles(campaign_id, visit_id, idx, x_um, y_um, offset_x_nm, offset_y_nm, radius_nm, area_px, score,
                                      composition, sigma, sigma_total, edx_counts, edx_offset_kev, edx_scale_kev, edx_live_s, edx_spectrum, detector)
                VALUES ($c, $v, $i, $x, $y, $ox, $oy, $r, $a, $s, $comp, $sig, $st, $n, $eo, $es, $el, $spec, $det) RETURNING id
                """, tx))
            {
                for (int i = 0; i < particles.Count; i++)
                {
                    var p = particles[i];
                    var s = i < edxSpectra.Count ? edxSpectra[i] : null;
                    cmd.Parameters.Clear();
                    cmd.Parameters.AddWithValue("$c", campaignId);
                    cmd.Parameters.AddWithValue("$v", visitId);
                    cmd.Parameters.AddWithValue("$i", p.IndexInRegion);
                    cmd.Parameters.AddWithValue("$x", p.XUm);
                    cmd.Parameters.AddWithValue("$y", p.YUm);
                    cmd.Parameters.AddWithValue("$ox", p.OffsetXNm);
                    cmd.Parameters.AddWithValue("$oy", p.OffsetYNm);
                    cmd.Parameters.AddWithValue("$r", p.RadiusNm);
                    cmd.Parameters.AddWithValue("$a", p.AreaPx);
                    cmd.Parameters.AddWithValue("$s", p.Score);
                    cmd.Parameters.AddWithValue("$comp", Blob.Of(p.Composition));
                    cmd.Parameters.AddWithValue("$sig", Blob.Of(p.Sigma));
                    cmd.Parameters.AddWithValue("$st", p.SigmaTotal);
                    cmd.Parameters.AddWithValue("$n", p.EdxCounts);
                    cmd.Parameters.AddWithValue("$eo", s is null ? DBNull.Value : s.Offset);
                    cmd.Parameters.AddWithValue("$es", s is null ? DBNull.Value : s.Scale);
                    cmd.Parameters.AddWithValue("$el", s is null ? DBNull.Value : s.LiveSeconds);
                    cmd.Parameters.AddWithValue("$spec", s is null ? DBNull.Value : Blob.Of(s.Counts));
                    cmd.Parameters.AddWithValue("$det", (object?)p.Detector ?? DBNull.Value);
                    stored[i] = p with { Id = (long)cmd.ExecuteScalar()! };
                }
            }
            if (outboxEvent is not null) InsertOutbox(campaignId, outboxEvent, tx);
            tx.Commit();
            return (visit with { Id = visitId, ParticleCount = particles.Count }, stored);
        }
    }

    /// <summary>
    /// Records one EELS measurement in one transaction with the decision that chose it, the
    /// iteration's metrics, the spectrum and its event. A second measurement of the same particle
    /// or the same iteration violates a unique constraint and throws: the store never holds a
    /// measurement twice.
    /// </summary>
    public void RecordMeasurement(string campaignId, MeasurementRecord m, DecisionRecord? decision,
        IterationMetricsRecord metrics, Spectrum? eels, OutgoingMessage? outboxEvent)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            if (decision is not null) InsertDecision(campaignId, decision, tx);
            using (var cmd = Command("""
                INSERT INTO measurements(campaign_id, iteration, particle_id, target, target_sigma, instrument_s, is_seed, eels_offset_ev, eels_scale_ev, eels_spectrum)
                VALUES ($c, $i, $p, $y, $s, $t, $seed, $eo, $es, $spec)
                """, tx))
            {
                cmd.Parameters.AddWithValue("$c", campaignId);
                cmd.Parameters.AddWithValue("$i", m.Iteration);
                cmd.Parameters.AddWithValue("$p", m.ParticleId);
                cmd.Parameters.AddWithValue("$y", m.Target);
                cmd.Parameters.AddWithValue("$s", m.TargetSigma);
                cmd.Parameters.AddWithValue("$t", m.InstrumentSeconds);
                cmd.Parameters.AddWithValue("$seed", m.IsSeed ? 1 : 0);
                cmd.Parameters.AddWithValue("$eo", eels is null ? DBNull.Value : eels.Offset);
                cmd.Parameters.AddWithValue("$es", eels is null ? DBNull.Value : eels.Scale);
                cmd.Parameters.AddWithValue("$spec", eels is null ? DBNull.Value : Blob.Of(eels.Counts));
                cmd.ExecuteNonQuery();
            }
            using (var cmd = Command("""
                INSERT INTO iteration_metrics(campaign_id, iteration, mean_sigma, abs_error, instrument_s, region_index)
                VALUES ($c, $i, $s, $e, $t, $r)
                """, tx))
            {
                cmd.Parameters.AddWithValue("$c", campaignId);
                cmd.Parameters.AddWithValue("$i", metrics.Iteration);
                cmd.Parameters.AddWithValue("$s", metrics.MeanSigma);
                cmd.Parameters.AddWithValue("$e", (object?)metrics.AbsError ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$t", metrics.InstrumentSeconds);
                cmd.Parameters.AddWithValue("$r", metrics.RegionIndex);
                cmd.ExecuteNonQuery();
            }
            if (outboxEvent is not null) InsertOutbox(campaignId, outboxEvent, tx);
            tx.Commit();
        }
    }

    /// <summary>Region visits of the campaign in visit order.</summary>
    public List<RegionVisitRecord> LoadRegionVisits(string campaignId) => Query(
        "SELECT id, visit_seq, region_index, center_x_um, center_y_um, instrument_s, overview_ok, error, particle_count FROM region_visits WHERE campaign_id=$k ORDER BY visit_seq",
        campaignId, r => new RegionVisitRecord(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2), r.GetDouble(3), r.GetDouble(4),
            r.GetDouble(5), r.GetInt32(6) != 0, r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8)));

    /// <summary>Particles of one region visit, in detection order.</summary>
    public List<ParticleRecord> LoadParticles(long visitId) => Query(
        "SELECT id, idx, x_um, y_um, offset_x_nm, offset_y_nm, radius_nm, area_px, score, composition, sigma, sigma_total, edx_counts, detector FROM particles WHERE visit_id=$k ORDER BY idx",
        visitId, r => new ParticleRecord(r.GetInt64(0), r.GetInt32(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5),
            r.GetDouble(6), r.GetDouble(7), r.GetDouble(8), Blob.ToDoubles((byte[])r[9]), Blob.ToDoubles((byte[])r[10]), r.GetDouble(11), r.GetDouble(12),
            r.IsDBNull(13) ? null : r.GetString(13)));

    /// <summary>Composition of a particle by row id.</summary>
    public double[] LoadComposition(long particleId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT composition FROM particles WHERE id=$p");
            cmd.Parameters.AddWithValue("$p", particleId);
            return Blob.ToDoubles((byte[])(cmd.ExecuteScalar() ?? throw new CampaignStoreException($"Particle {particleId} is not in the store '{Path}'.")));
        }
    }

    /// <summary>All EELS measurements of the campaign in iteration order.</summary>
    public List<MeasurementRecord> LoadMeasurements(string campaignId) => Query(
        "SELECT iteration, particle_id, target, target_sigma, instrument_s, is_seed FROM measurements WHERE campaign_id=$k ORDER BY iteration",
        campaignId, r => new MeasurementRecord(r.GetInt32(0), r.GetInt64(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetInt32(5) != 0));

    /// <summary>Per-iteration metrics in iteration order.</summary>
    public List<IterationMetricsRecord> LoadMetrics(string campaignId) => Query(
        "SELECT iteration, mean_sigma, abs_error, instrument_s, region_index FROM iteration_metrics WHERE campaign_id=$k ORDER BY iteration",
        campaignId, r => new IterationMetricsRecord(r.GetInt32(0), r.GetDouble(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.GetDouble(3), r.GetInt32(4)));

    /// <summary>Appends a message to the outbox on its own (alarms, status snapshots).</summary>
    public void Enqueue(string campaignId, OutgoingMessage message)
    {
        lock (_gate) InsertOutbox(campaignId, message, null);
    }

    /// <summary>Up to <paramref name="max"/> unpublished outbox messages, oldest first.</summary>
    public List<StoredMessage> PendingMessages(int max) => Query(
        "SELECT id, topic, payload FROM outbox WHERE published_utc IS NULL ORDER BY id LIMIT $k",
        max, r => new StoredMessage(r.GetInt64(0), r.GetString(1), (byte[])r[2]));

    /// <summary>Marks an outbox message as delivered (broker acknowledged it).</summary>
    public void MarkPublished(long id)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE outbox SET published_utc=$u WHERE id=$id AND published_utc IS NULL");
            cmd.Parameters.AddWithValue("$u", DateTime.UtcNow.ToString("O"));
            cmd.Parameters.AddWithValue("$id", id);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Outbox messages of the campaign whose delivery the broker acknowledged.</summary>
    public int PublishedCount(string campaignId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT count(*) FROM outbox WHERE campaign_id=$c AND published_utc IS NOT NULL");
            cmd.Parameters.AddWithValue("$c", campaignId);
            return Convert.ToInt32(cmd.ExecuteScalar());
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _db.Dispose();
    }

    private void InsertDecision(string campaignId, DecisionRecord d, SqliteTransaction tx)
    {
        using var cmd = Command("""
            INSERT INTO decisions(campaign_id, iteration, kind, particle_id, score, acquisition, move_cost, rov, stay_value,
                                  switch_gain, switch_cost, switch_value, destination_region, instrument_s)
            VALUES ($c, $i, $k, $p, $s, $a, $m, $rov, $stay, $gain, $cost, $val, $dest, $t)
            """, tx);
        cmd.Parameters.AddWithValue("$c", campaignId);
        cmd.Parameters.AddWithValue("$i", d.Iteration);
        cmd.Parameters.AddWithValue("$k", d.Kind);
        cmd.Parameters.AddWithValue("$p", (object?)d.ParticleId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", Finite(d.Score));
        cmd.Parameters.AddWithValue("$a", Finite(d.Acquisition));
        cmd.Parameters.AddWithValue("$m", Finite(d.MoveCost));
        cmd.Parameters.AddWithValue("$rov", Finite(d.RegionOfViewValue));
        cmd.Parameters.AddWithValue("$stay", Finite(d.StayValue));
        cmd.Parameters.AddWithValue("$gain", Finite(d.ExpectedSwitchGain));
        cmd.Parameters.AddWithValue("$cost", Finite(d.SwitchCost));
        cmd.Parameters.AddWithValue("$val", Finite(d.SwitchValue));
        cmd.Parameters.AddWithValue("$dest", (object?)d.DestinationRegion ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$t", d.InstrumentSeconds);
        cmd.ExecuteNonQuery();
    }

    private void InsertOutbox(string campaignId, OutgoingMessage m, SqliteTransaction? tx)
    {
        long id;
        using (var cmd = Command("INSERT INTO outbox(campaign_id, topic, payload, created_utc) VALUES ($c, $t, x'', $u) RETURNING id", tx))
        {
            cmd.Parameters.AddWithValue("$c", campaignId);
            cmd.Parameters.AddWithValue("$t", m.Topic);
            cmd.Parameters.AddWithValue("$u", DateTime.UtcNow.ToString("O"));
            id = (long)cmd.ExecuteScalar()!;
        }
        using var update = Command("UPDATE outbox SET payload=$p WHERE id=$id", tx);
        update.Parameters.AddWithValue("$p", m.Payload(id));
        update.Parameters.AddWithValue("$id", id);
        update.ExecuteNonQuery();
    }

    /// <summary>Rows of <paramref name="sql"/> (one parameter, <c>$k</c>) mapped by <paramref name="map"/>, under the store's lock.</summary>
    private List<T> Query<T>(string sql, object key, Func<SqliteDataReader, T> map)
    {
        lock (_gate)
        {
            using var cmd = Command(sql);
            cmd.Parameters.AddWithValue("$k", key);
            using var r = cmd.ExecuteReader();
            var list = new List<T>();
            while (r.Read()) list.Add(map(r));
            return list;
        }
    }

    private static object Finite(double v) => double.IsFinite(v) ? v : DBNull.Value;

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}

/// <summary>The store file is unusable (corrupt, foreign, newer schema) or a record is missing.</summary>
public sealed class CampaignStoreException(string message, Exception? inner = null) : Exception(message, inner);
