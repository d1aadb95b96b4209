using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.History;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Silo.Database;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>
/// A database of the previous release (one row per reading in vitals_history) upgraded: the migration adds
/// the batch table beside the old one, and the silo moves the old rows over in chunks while the system runs.
/// </summary>
public sealed class LegacyHistoryMoveTests
{
    // 3 patients × 2 sources × 400 instants a second apart × 5 signs, and a sensor fault now and then.
    private const string FillLegacy = """
        insert into vitals_history (patient_id, source, code, value, unit, measured_at, plausible, received_at)
        select 'p-' || p, s, c.code, c.base + (i % 7) + 0.1 * p, c.unit, timestamptz '2026-12-05 23:57:00+00' + i * interval '1 second',
               not (c.code = 'spo2' and i % 97 = 0), timestamptz '2026-12-05 23:57:00.040+00' + i * interval '1 second'
        from generate_series(1, 3) p, unnest(array['device:00A1', 'entered']) s, generate_series(0, 399) i,
             (values ('hr', 60.0, '/min'), ('spo2', 94.0, '%'), ('rr', 12.0, '/min'), ('sbp', 110.0, 'mm[Hg]'), ('temp', 36.5, 'Cel')) c(code, base, unit)
        """;

    // Every reading, as the history shows it: who, from where, which sign, when, what, and whether plausible.
    private const string Fingerprint = """
        select count(*)::text || ':' || md5(string_agg(patient_id || source || code || measured_at::text || value::text || unit || plausible::text, ',' order by patient_id, source, code, measured_at))
        from vitals_readings
        """;

    [Fact]
    public async Task Every_reading_of_the_old_history_is_in_the_new_one_after_the_move_once_and_unchanged()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync(schemaVersion: 6);
        await database.ScalarAsync<object>(FillLegacy);
        Assert.Equal(12_000L, await database.ScalarAsync<long>("select count(*) from vitals_history"));

        await TestPostgres.Migrator(database.DataSource).MigrateAsync();
        var before = await database.ScalarAsync<string>(Fingerprint); // the view shows the old table's rows as they were
        var options = Options.Create(new VitalsHistoryOptions());
        var mover = new LegacyHistoryMover(
            database.ApplicationDataSource, new HistoryTables(database.ApplicationDataSource, options, Options.Create(new RetentionOptions()), NullLoggerFactory.Instance), new VitalSignIds(database.ApplicationDataSource),
            TimeProvider.System, NullLogger<LegacyHistoryMover>.Instance);

        var chunks = 0;
        while (await mover.MoveChunkAsync(1_000, CancellationToken.None) > 0)
        {
            chunks++;
            // At every step between chunks, each reading is in exactly one of the two tables.
            Assert.Equal(12_000L, await database.ScalarAsync<long>("select count(*) from vitals_readings"));
        }

        Assert.Equal(12, chunks);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from vitals_history"));
        Assert.Equal(12_000L, await database.ScalarAsync<long>("select sum(cardinality(signs)) from vitals_batches"));
        Assert.Equal(before, await database.ScalarAsync<string>(Fingerprint));
        // Across midnight the readings went to the partition of the day they were measured.
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(distinct tableoid) from vitals_batches"));
    }
}
