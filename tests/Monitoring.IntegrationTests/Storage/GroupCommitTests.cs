using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.History;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Storage;
using static Monitoring.IntegrationTests.Storage.HistoryStore;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>
/// The vitals writer's group commit: a batch fills while readings keep coming, but a sender that waits
/// for each answer before sending the next (a gateway's one MLLP connection) is never made to wait out the
/// flush interval, and a ward's devices falling silent for a moment do not cut a batch short.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_gateway_sending_one_message_at_a_time_has_each_committed_without_waiting_out_the_flush_interval()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        // A flush interval far longer than the deadline below: only the quiet moment can write these.
        using var writer = await StartWriterAsync(database, store, quietFor: TimeSpan.FromMilliseconds(2));
        var now = DateTimeOffset.UtcNow;

        for (var i = 0; i < 5; i++)
        {
            await CommittedAsync(writer, Reading("gw-1", "hr", 70 + i, now.AddSeconds(i)));
            Assert.Equal(i + 1L, await database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = 'gw-1'"));
        }

        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Three_gateways_each_waiting_for_its_answer_have_every_round_committed_without_waiting_out_the_flush_interval()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        using var writer = await StartWriterAsync(database, store, quietFor: TimeSpan.FromMilliseconds(2));
        var now = DateTimeOffset.UtcNow;

        // Each sends its next message once the last is answered; a round that waited out the 10 s interval
        // would miss the deadline.
        await Task.WhenAll(Enumerable.Range(1, 3).Select(gateway => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await CommittedAsync(writer, Reading($"gw-{gateway}", "hr", 70 + i, now.AddSeconds(i)));
            }
        })));

        Assert.Equal(30L, await database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id like 'gw-%'"));
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_ward_whose_devices_fall_silent_for_a_moment_is_written_in_one_copy_not_one_per_burst()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        // A quiet moment of 60 ms, so the silence that writes a batch short of the last one's calls is 600 ms.
        using var writer = await StartWriterAsync(database, store, quietFor: TimeSpan.FromMilliseconds(60));
        var now = DateTimeOffset.UtcNow;

        // Four devices' batches at once, written at the first quiet moment: the last batch held four calls.
        var first = Enumerable.Range(1, 4).Select(bed => writer.TryAppend([Reading($"bed-{bed}", "hr", 70, now)])).ToList();
        await Task.WhenAll(first.Select(committed => committed!)).WaitAsync(TimeSpan.FromSeconds(5));

        // Then two, a pause longer than the quiet moment (the cores busy elsewhere: this pause is the
        // silence under test, not a wait for an outcome), and two more.
        var second = new List<Task?>
        {
            writer.TryAppend([Reading("bed-1", "hr", 71, now.AddSeconds(1))]),
            writer.TryAppend([Reading("bed-2", "hr", 71, now.AddSeconds(1))]),
        };
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        second.Add(writer.TryAppend([Reading("bed-3", "hr", 71, now.AddSeconds(1))]));
        second.Add(writer.TryAppend([Reading("bed-4", "hr", 71, now.AddSeconds(1))]));
        await Task.WhenAll(second.Select(committed => committed!)).WaitAsync(TimeSpan.FromSeconds(5));

        // One transaction each: a row's stored_at is its transaction's start.
        var transactionsPerRound = await database.ScalarAsync<long[]>("""
            select array_agg(transactions order by measured_from)
            from (select measured_from, count(distinct stored_at) as transactions from vitals_batches group by measured_from) rounds
            """);
        Assert.Equal([1L, 1L], transactionsPerRound);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_gateway_holding_back_other_devices_in_a_busy_ward_has_its_message_committed_without_waiting_out_the_flush_interval()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        // A quiet moment of 50 ms: the ward below (a batch every 5 ms) never leaves one, so only the gateway's
        // own deadline (ten quiet moments, 500 ms) can write its batch before the 10 s interval.
        using var writer = await StartWriterAsync(database, store, quietFor: TimeSpan.FromMilliseconds(50));
        var now = DateTimeOffset.UtcNow;
        using var stopWard = new CancellationTokenSource();
        var ward = Task.Run(async () =>
        {
            for (var i = 0; !stopWard.IsCancellationRequested; i++)
            {
                _ = writer.TryAppend([Reading($"bed-{i % 40}", "hr", 70, now.AddMilliseconds(i))]);
                await Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None);
            }
        });

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100)); // the ward's batch is filling (the stimulus, not a wait for an outcome)
            using var room = writer.TryReserve(1);
            Assert.NotNull(room);
            var committed = room.Append([Reading("gw-patient", "spo2", 97, now)], soon: true);
            Assert.NotNull(committed);
            await committed.WaitAsync(TimeSpan.FromSeconds(3));
            Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = 'gw-patient'"));
        }
        finally
        {
            await stopWard.CancelAsync();
            await ward;
            await writer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Appends one reading and waits (at most 5 s) for its commit, as a sender waiting for its answer does.</summary>
    private static async Task CommittedAsync(PostgresVitalsHistory writer, VitalRecord reading)
    {
        var committed = writer.TryAppend([reading]);
        Assert.NotNull(committed);
        await committed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task<PostgresVitalsHistory> StartWriterAsync(TestDatabase database, HistoryStore store, TimeSpan quietFor)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new VitalsHistoryOptions
        {
            FlushInterval = TimeSpan.FromSeconds(10),
            FlushWhenQuietFor = quietFor,
        });
        var writer = new PostgresVitalsHistory(
            database.ApplicationDataSource, store.Tables, new VitalSignIds(database.ApplicationDataSource),
            new DatabaseOutage(TimeProvider.System, NullLogger<DatabaseOutage>.Instance), options, TimeProvider.System,
            NullLogger<PostgresVitalsHistory>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return writer;
    }
}
