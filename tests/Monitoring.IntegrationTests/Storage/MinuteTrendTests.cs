using Monitoring.IntegrationTests.Infrastructure;
using static Monitoring.IntegrationTests.Storage.HistoryStore;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>The minute trends, rolled up from the stored readings, as a plain SQL computation over them would give.</summary>
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

    [Fact]
    public async Task Minute_trends_equal_a_plain_computation_over_the_readings_sensor_faults_left_out_and_a_late_batch_taken_in()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var start = new DateTimeOffset(store.Clock.Now.UtcTicks - (store.Clock.Now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-10);
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

        // A device's store-and-forward delivers a batch measured in the first minute, after it was rolled up.
        await store.StoreAsync(Reading("p-1", "hr", 182, start.AddSeconds(31)));
        Assert.Equal(1, await store.Rollup.RunOnceAsync(CancellationToken.None)); // merged into its minute

        Assert.Equal(182, await database.ScalarAsync<double>("select high from vitals_minutes m join vital_signs s on s.id = m.sign where patient_id = 'p-1' and s.code = 'hr' and minute = $1", start.UtcDateTime));
        Assert.Equal(0L, await database.ScalarAsync<long>(Differences));
    }
}
