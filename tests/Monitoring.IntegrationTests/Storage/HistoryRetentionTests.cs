using Monitoring.IntegrationTests.Infrastructure;
using static Monitoring.IntegrationTests.Storage.HistoryStore;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>
/// Retention as the clock moves on: full-resolution readings go after 96 hours and minute trends after 400
/// days, a partition at a time; what is inside its window stays whole, and the audit trail is not touched.
/// </summary>
public sealed class HistoryRetentionTests
{
    [Fact]
    public async Task Readings_past_96_hours_are_dropped_with_their_partition_while_recent_readings_their_trends_and_the_audit_trail_stay()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-20);
        for (var i = 0; i < 30; i++)
        {
            await store.StoreAsync(Reading("p-1", "hr", 70 + i, old.AddSeconds(i)), Reading("p-1", "spo2", 95, old.AddSeconds(i)));
            await store.StoreAsync(Reading("p-1", "hr", 80 + i, now.AddSeconds(-60 + i)), Reading("p-1", "spo2", 96, now.AddSeconds(-60 + i)));
        }

        await store.AuditAsync("patient.read", now, now.AddDays(-30), now.AddDays(-60));
        await store.Rollup.RunOnceAsync(CancellationToken.None);
        var oldPartition = await database.ScalarAsync<string>("select partition_name from history_partitions where parent = 'vitals_batches' and starts <= $1 and $1 < ends", old.UtcDateTime);

        var dropped = await store.Retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal([oldPartition], dropped);
        Assert.True(await database.ScalarAsync<bool>("select to_regclass($1) is null", oldPartition), $"{oldPartition} is still there");
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from vitals_readings where measured_at < $1", now.AddDays(-4).UtcDateTime));
        Assert.Equal(60L, await database.ScalarAsync<long>("select count(*) from vitals_readings where measured_at >= $1", now.AddDays(-4).UtcDateTime));
        // The trends outlive the readings they were rolled up from.
        Assert.Equal(30L, await database.ScalarAsync<long>("select sum(readings) from vitals_minutes m join vital_signs s on s.id = m.sign where s.code = 'hr' and minute < $1", now.AddDays(-4).UtcDateTime));
        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from audit_events"));
    }

    [Fact]
    public async Task Minute_trends_go_after_400_days_but_readings_not_yet_rolled_up_stay_whatever_their_age()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-20);
        await store.StoreAsync(Reading("p-1", "hr", 70, old));
        await store.Rollup.RunOnceAsync(CancellationToken.None);
        await store.StoreAsync(Reading("p-1", "hr", 75, now)); // stored after the roll-up: not in the trends yet
        await store.AuditAsync("patient.read", now.AddDays(-500));

        // Over a year on: the trends of 20 days back are 415 days old (their 7-day partition at least 408);
        // today's are 395 days old and stay. Today's reading is far past 96 hours, but not in the trends yet.
        store.Clock.Now = now.AddDays(395);
        var dropped = await store.Retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from vitals_minutes where minute < $1", now.AddDays(-10).UtcDateTime));
        Assert.Contains(dropped, name => name.StartsWith("vitals_minutes_", StringComparison.Ordinal));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from vitals_readings where measured_at >= $1", now.AddMinutes(-1).UtcDateTime));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from audit_events"));
    }

    [Fact]
    public async Task An_operator_runs_retention_as_of_days_ahead_and_yesterdays_readings_go_while_their_trends_todays_readings_and_the_audit_trail_stay()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = DateTimeOffset.UtcNow;
        var yesterday = now.AddDays(-1);
        await store.StoreAsync(Reading("p-1", "hr", 71, yesterday), Reading("p-1", "spo2", 95, yesterday));
        await store.StoreAsync(Reading("p-1", "hr", 72, now.AddSeconds(-1)), Reading("p-1", "spo2", 96, now.AddSeconds(-1)));
        await store.AuditAsync("patient.read", now.AddSeconds(-1));
        await store.Rollup.RunOnceAsync(CancellationToken.None);

        // Five days on, yesterday's readings are past 96 hours.
        await RetentionAsOfAsync(database, now.AddDays(5));

        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from vitals_readings where measured_at < $1", now.AddHours(-1).UtcDateTime));
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from vitals_readings where measured_at >= $1", now.AddHours(-1).UtcDateTime));
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from vitals_minutes where minute < $1", now.AddHours(-1).UtcDateTime));

        // Ten years on everything would be, but a partition whose time has not yet ended (today's readings,
        // this month's audit trail) is never dropped.
        await RetentionAsOfAsync(database, now.AddYears(10));

        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from vitals_readings where measured_at >= $1", now.AddHours(-1).UtcDateTime));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from audit_events where action = 'patient.read'"));
    }

    private static async Task RetentionAsOfAsync(TestDatabase database, DateTimeOffset asOf)
    {
        await using var retention = HostProcess.Start(RepositoryLayout.SiloAssembly, new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = database.ApplicationConnectionString,
        }, "retention", "--as-of", asOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await retention.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Retention as of", retention.Output, StringComparison.Ordinal);
    }
}
