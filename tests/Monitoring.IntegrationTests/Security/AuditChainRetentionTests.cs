using Monitoring.Audit;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.IntegrationTests.Storage;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// The audit trail's hash chain after retention dropped its oldest partition: the drop records what it took
/// of the chain, so the check goes on from the rows kept, finds no gap where rows were written out of time
/// order across the partition's boundary, and still catches the first row kept changed afterwards.
/// </summary>
public sealed class AuditChainRetentionTests
{
    private static readonly TimeSpan SevenYears = TimeSpan.FromDays(2557);

    [Fact]
    public async Task After_retention_drops_the_oldest_partition_the_chain_checks_whole_and_a_change_to_the_first_row_kept_is_caught()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        var old = store.Tables.AuditTrail.StartOf(now - SevenYears - TimeSpan.FromDays(100)).AddHours(1);
        // In the chain's order: two rows past seven years, one of yesterday, one more past seven years written
        // late (a queue emptied after an outage), one of now.
        await store.AuditAsync("patient.read", old, old.AddMinutes(1));
        await store.AuditAsync("patient.read", now.AddDays(-1));
        await store.AuditAsync("patient.read", old.AddMinutes(2));
        await store.AuditAsync("patient.read", now);
        Assert.True((await AuditChain.VerifyAsync(database.ApplicationDataSource, null, CancellationToken.None)).Intact);

        var dropped = await store.Retention.RunOnceAsync(CancellationToken.None);

        Assert.Single(dropped, name => name.StartsWith("audit_events_", StringComparison.Ordinal));
        var report = await AuditChain.VerifyAsync(database.ApplicationDataSource, null, CancellationToken.None);
        Assert.True(report.Intact, $"{report.FirstBroken}");
        Assert.Equal((3L, 3L), (report.FirstSequence, report.DroppedByRetention));
        Assert.Equal(report.HeadSequence, report.LastSequence); // with the retention's own two rows

        // The owner, triggers off, changes the first row kept: its link to the dropped rows gives it away.
        var first = await database.ScalarAsync<long>("select id from audit_events where chain_seq = 3");
        await database.ScalarAsync<object>($$"""
            do $$
            declare p text;
            begin
                for p in select inhrelid::regclass::text from pg_inherits where inhparent = 'audit_events'::regclass loop
                    execute format('alter table %s disable trigger user', p);
                end loop;
                update audit_events set subject = 'someone-else' where id = {{first}};
                for p in select inhrelid::regclass::text from pg_inherits where inhparent = 'audit_events'::regclass loop
                    execute format('alter table %s enable trigger user', p);
                end loop;
            end $$
            """);
        var changed = await AuditChain.VerifyAsync(database.ApplicationDataSource, null, CancellationToken.None);
        Assert.False(changed.Intact);
        Assert.Equal((first, "changed since it was written"), (changed.FirstBroken!.Id!.Value, changed.FirstBroken.Problem));
    }
}
