namespace EdgeCtl.Service.Store;

/// <summary>DDL of the campaign store, schema version <see cref="CampaignStore.SchemaVersion"/>.</summary>
internal static class StoreSchema
{
    /// <summary>
    /// Unique constraints carry the exactly-once guarantees: one measurement per iteration and per
    /// particle, one visit per sequence number.
    /// </summary>
    public const string Sql = """
        CREATE TABLE campaigns(
            id TEXT PRIMARY KEY, specimen TEXT NOT NULL, elements TEXT NOT NULL, seed INTEGER NOT NULL,
            iterations_planned INTEGER NOT NULL, detector TEXT NOT NULL, config_json TEXT NOT NULL,
            start_instrument_s REAL NOT NULL, state TEXT NOT NULL, created_utc TEXT NOT NULL, resumes INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE region_visits(
            id INTEGER PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id), visit_seq INTEGER NOT NULL,
            region_index INTEGER NOT NULL, center_x_um REAL NOT NULL, center_y_um REAL NOT NULL, instrument_s REAL NOT NULL,
            overview_ok INTEGER NOT NULL, error TEXT, particle_count INTEGER NOT NULL,
            UNIQUE(campaign_id, visit_seq));
        CREATE TABLE overviews(
            visit_id INTEGER PRIMARY KEY REFERENCES region_visits(id), width INTEGER NOT NULL, height INTEGER NOT NULL,
            detector TEXT NOT NULL, pixel_size_nm REAL NOT NULL, stage_x_um REAL NOT NULL, stage_y_um REAL NOT NULL,
            instrument_s REAL NOT NULL, pixels BLOB NOT NULL);
        CREATE TABLE particles(
            id INTEGER PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id), visit_id INTEGER NOT NULL REFERENCES region_visits(id),
            idx INTEGER NOT NULL, x_um REAL NOT NULL, y_um REAL NOT NULL, offset_x_nm REAL NOT NULL, offset_y_nm REAL NOT NULL,
            radius_nm REAL NOT NULL, area_px REAL NOT NULL, score REAL NOT NULL, composition BLOB NOT NULL, sigma BLOB NOT NULL,
            sigma_total REAL NOT NULL, edx_counts REAL NOT NULL, edx_offset_kev REAL, edx_scale_kev REAL, edx_live_s REAL, edx_spectrum BLOB,
            detector TEXT,
            UNIQUE(visit_id, idx));
        CREATE TABLE measurements(
            id INTEGER PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id), iteration INTEGER NOT NULL,
            particle_id INTEGER NOT NULL REFERENCES particles(id), target REAL NOT NULL, target_sigma REAL NOT NULL,
            instrument_s REAL NOT NULL, is_seed INTEGER NOT NULL, eels_offset_ev REAL, eels_scale_ev REAL, eels_spectrum BLOB,
            UNIQUE(campaign_id, iteration), UNIQUE(campaign_id, particle_id));
        CREATE TABLE decisions(
            id INTEGER PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id), iteration INTEGER NOT NULL, kind TEXT NOT NULL,
            particle_id INTEGER, score REAL, acquisition REAL, move_cost REAL, rov REAL, stay_value REAL, switch_gain REAL,
            switch_cost REAL, switch_value REAL, destination_region INTEGER, instrument_s REAL NOT NULL);
        CREATE TABLE iteration_metrics(
            campaign_id TEXT NOT NULL REFERENCES campaigns(id), iteration INTEGER NOT NULL, mean_sigma REAL NOT NULL,
            abs_error REAL, instrument_s REAL NOT NULL, region_index INTEGER NOT NULL, PRIMARY KEY(campaign_id, iteration));
        CREATE TABLE evaluation_points(
            campaign_id TEXT NOT NULL REFERENCES campaigns(id), idx INTEGER NOT NULL, composition BLOB NOT NULL, truth REAL,
            PRIMARY KEY(campaign_id, idx));
        CREATE TABLE outbox(
            id INTEGER PRIMARY KEY AUTOINCREMENT, campaign_id TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
            created_utc TEXT NOT NULL, published_utc TEXT);
        CREATE INDEX outbox_pending ON outbox(published_utc, id);
        """;

    /// <summary>
    /// Upgrades by schema version: entry k takes a store from version k + 1 to k + 2.
    /// Version 2 records which detector found each particle (<c>particles.detector</c>: sam, classical; NULL for version-1 rows).
    /// </summary>
    public static readonly string[] Upgrades =
    [
        "ALTER TABLE particles ADD COLUMN detector TEXT;",
    ];
}
