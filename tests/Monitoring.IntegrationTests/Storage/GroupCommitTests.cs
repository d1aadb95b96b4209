using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.History;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Storage;
using static Monitoring.IntegrationTests.Storage.HistoryStore;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>
/// The vitals writer's group commit: a batch fills while readings keep coming, but a sender that waits
/// for each answer before sending the next (a gateway's one MLLP connection) is never made to wait out the
/// flush interval.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_gateway_sending_one_message_at_a_time_has_each_committed_without_waiting_out_the_flush_interval()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        // A flush interval far longer than the deadline below: only the quiet moment can write these.
        var options = Microsoft.Extensions.Options.Options.Create(new VitalsHistoryOptions
        {
            FlushInterval = TimeSpan.FromSeconds(10),
            FlushWhenQuietFor = TimeSpan.FromMilliseconds(2),
        });
        using var writer = new PostgresVitalsHistory(
            database.ApplicationDataSource, store.Tables, new VitalSignIds(database.ApplicationDataSource),
            new DatabaseOutage(TimeProvider.System, NullLogger<DatabaseOutage>.Instance), options, TimeProvider.System,
            NullLogger<PostgresVitalsHistory>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        for (var i = 0; i < 5; i++)
        {
            var committed = writer.TryAppend([Reading("gw-1", "hr", 70 + i, now.AddSeconds(i))]);
            Assert.NotNull(committed);
            await committed.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(i + 1L, await database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = 'gw-1'"));
        }

        await writer.StopAsync(CancellationToken.None);
    }
}
