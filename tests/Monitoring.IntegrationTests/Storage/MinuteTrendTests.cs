using Monitoring.IntegrationTests.Infrastructure;
using static Monitoring.IntegrationTests.Storage.HistoryStore;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>The minute and ten-minute trends, rolled up from the stored readings, as a plain SQL computation over them would give.</summary>
public sealed class MinuteTrendTests
{
    // Every plausible reading, per patient, minute and sign, computed the obvious way.
    private const string Differences = """
        with plain as (
            select patient_id, date_trunc('minute', measured_at) as minute, code, min(value) as low, max(value) as high,
                   round(avg(value)::numeric, 9) as mean, (array_agg(value order by measured_at desc))[1] as last, count(*)::int as readings
            from vitals_readings where plausible
            group by 1, 2, 3),
        trends as (
            select m.patient_id, m.minute, s.code, m.low, m.high, round((m.total / m.readings)::numeric, 9), m.last, m.readings
            from vitals_minutes m join vital_signs s on s.id = m.sign)
        select (select count(*) from (select * from plain except select * from trends) missing)
             + (select count(*) from (select * from trends except select * from plain) extra)
        """;

    // The same for ten minutes (aligned to 2000-01-01 UTC, as trend points are).
    private const string TenMinuteDifferences = """
        with plain as (
            select patient_id, date_bin(interval '10 minutes', measured_at, timestamptz '2000-01-01 00:00:00+00') as starts, code,
                   min(value) as low, max(value) as high, round(avg(value)::numeric, 9) as mean,
                   (array_agg(value order by measured_at desc))[1] as last, count(*)::int as readings
            from vitals_readings where plausible
            group by 1, 2, 3),
        trends as (
            select t.patient_id, t.starts, s.code, t.low, t.high, round((t.total / t.readings)::numeric, 9), t.last, t.readings
            from vitals_ten_minutes t join vital_signs s on s.id = t.sign)
        select (select count(*) from (select * from plain except select * from trends) missing)
             + (select count(*) from (select * from trends except select * from plain) extra)
        """;

    [Fact]
    public async Task Minute_and_ten_minute_trends_equal_a_plain_computation_over_the_readings_sensor_faults_left_out_and_a_late_batch_taken_in()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        // Three minutes that straddle the start of ten minutes: two in one, one in the next.
        var tenMinutes = TimeSpan.FromMinutes(10).Ticks;
        var start = new DateTimeOffset(store.Clock.Now.UtcTicks - (store.Clock.Now.UtcTicks % tenMinutes), TimeSpan.Zero).AddMinutes(-12);
        foreach (var patient in new[] { "p-1", "p-2" })
        {
            for (var second = 0; second < 180; second += 3)
            {
                var at = start.AddSeconds(second).AddMilliseconds(second * 7 % 1000);
                await store.StoreAsync(
                    Reading(patient, "hr", 60 + (second * 7 % 23), at),
                    second % 33 == 0 ? Reading(patient, "spo2", 0.4, at, plausible: false) : Reading(patient, "spo2", 90 + (second % 9), at));
            }
        }

        Assert.Equal(2 * 3 * 2, await store.Rollup.RunOnceAsync(CancellationToken.None)); // patients × minutes × signs
        Assert.Equal(12L, await database.ScalarAsync<long>("select count(*) from vitals_minutes"));
        Assert.Equal(0L, await database.ScalarAsync<long>(Differences));
        Assert.Equal(2L * 2 * 2, await database.ScalarAsync<long>("select count(*) from vitals_ten_minutes")); // patients × ten minutes × signs
        Assert.Equal(0L, await database.ScalarAsync<long>(TenMinuteDifferences));

        // A device's store-and-forward delivers a batch measured in the first minute, after it was rolled up.
        await store.StoreAsync(Reading("p-1", "hr", 182, start.AddSeconds(31)));
        Assert.Equal(1, await store.Rollup.RunOnceAsync(CancellationToken.None)); // merged into its minute

        Assert.Equal(182, await database.ScalarAsync<double>("select high from vitals_minutes m join vital_signs s on s.id = m.sign where patient_id = 'p-1' and s.code = 'hr' and minute = $1", start.UtcDateTime));
        Assert.Equal(0L, await database.ScalarAsync<long>(Differences));
        Assert.Equal(182, await database.ScalarAsync<double>("select high from vitals_ten_minutes t join vital_signs s on s.id = t.sign where patient_id = 'p-1' and s.code = 'hr' and starts = $1", start.AddMinutes(-8).UtcDateTime));
        Assert.Equal(0L, await database.ScalarAsync<long>(TenMinuteDifferences));
    }

    [Fact]
    public async Task An_upgraded_database_gets_its_ten_minutes_from_the_minutes_already_rolled_up_and_the_previous_releases_roll_up_is_fenced_off()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync(schemaVersion: 11);
        var store = new HistoryStore(database);
        var tenMinutes = TimeSpan.FromMinutes(10).Ticks;
        var start = new DateTimeOffset(store.Clock.Now.UtcTicks - (store.Clock.Now.UtcTicks % tenMinutes), TimeSpan.Zero).AddMinutes(-30);
        // Their partitions, made as the previous release made them: connected as the schema's owner, by hand.
        foreach (var (from, n) in store.Tables.Minutes.StartsBetween(start, start.AddMinutes(25)).Select((from, n) => (from, n)))
        {
            var to = from + store.Tables.Minutes.Span;
            await database.ScalarAsync<object>($"""
                create table vitals_minutes_old{n} (like vitals_minutes including defaults including constraints);
                alter table vitals_minutes attach partition vitals_minutes_old{n} for values from ('{from:O}') to ('{to:O}');
                insert into history_partitions (partition_name, parent, starts, ends) values ('vitals_minutes_old{n}', 'vitals_minutes', '{from:O}', '{to:O}');
                """);
        }

        // 25 minutes of two patients' heart rate and SpO2, as the previous release rolled them up.
        await database.ScalarAsync<object>("""
            insert into vitals_minutes (patient_id, minute, sign, low, high, total, readings, last, last_at)
            select 'p-' || p, $1 + m * interval '1 minute', s.id, 50 + m + p, 70 + m * 2, (60 + m) * 12, 12, 55 + (m * 7) % 11, $1 + m * interval '1 minute' + interval '50 s'
            from generate_series(1, 2) p cross join generate_series(0, 24) m cross join vital_signs s where s.code in ('hr', 'spo2')
            """, start.UtcDateTime);

        await TestPostgres.Migrator(database.DataSource).MigrateAsync();

        Assert.Equal(2L * 3 * 2, await database.ScalarAsync<long>("select count(*) from vitals_ten_minutes")); // patients × ten minutes × signs
        Assert.Equal(0L, await database.ScalarAsync<long>("""
            with plain as (
                select patient_id, date_bin(interval '10 minutes', minute, timestamptz '2000-01-01 00:00:00+00') as starts, sign,
                       min(low) as low, max(high) as high, sum(total) as total, sum(readings)::int as readings, (array_agg(last order by last_at desc))[1] as last
                from vitals_minutes group by 1, 2, 3),
            tens as (select patient_id, starts, sign, low, high, total, readings, last from vitals_ten_minutes)
            select (select count(*) from (select * from plain except select * from tens) missing)
                 + (select count(*) from (select * from tens except select * from plain) extra)
            """));
        // A partition of ten minutes for each of the minutes, over the same time, recorded for retention.
        Assert.Equal(0L, await database.ScalarAsync<long>("""
            select count(*) from history_partitions m full join history_partitions t
              on t.parent = 'vitals_ten_minutes' and m.parent = 'vitals_minutes' and (t.starts, t.ends) = (m.starts, m.ends)
            where (m.parent = 'vitals_minutes' or t.parent = 'vitals_ten_minutes') and (m.partition_name is null or t.partition_name is null)
            """));

        // A silo of the previous release, still running during a rolling upgrade, cannot roll up minutes alone.
        var old = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.ScalarAsync<object>(
            "insert into vitals_minutes (patient_id, minute, sign, low, high, total, readings, last, last_at) select 'p-1', $1, 1, 1, 1, 1, 1, 1, $1 on conflict on constraint vitals_minutes_key do nothing",
            start.UtcDateTime));
        Assert.Equal(Npgsql.PostgresErrorCodes.UndefinedObject, old.SqlState);

        // This release's roll-up merges a late reading into both levels.
        await store.StoreAsync(Reading("p-1", "hr", 190, start.AddMinutes(3).AddSeconds(5)));
        Assert.Equal(1, await store.Rollup.RunOnceAsync(CancellationToken.None));
        Assert.Equal(190, await database.ScalarAsync<double>("select high from vitals_minutes m join vital_signs s on s.id = m.sign where patient_id = 'p-1' and s.code = 'hr' and minute = $1", start.AddMinutes(3).UtcDateTime));
        Assert.Equal(190, await database.ScalarAsync<double>("select high from vitals_ten_minutes t join vital_signs s on s.id = t.sign where patient_id = 'p-1' and s.code = 'hr' and starts = $1", start.UtcDateTime));
        Assert.Equal(12L * 10 + 1, await database.ScalarAsync<long>("select readings::bigint from vitals_ten_minutes t join vital_signs s on s.id = t.sign where patient_id = 'p-1' and s.code = 'hr' and starts = $1", start.UtcDateTime));
    }
}
