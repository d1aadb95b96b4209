using Monitoring.IntegrationTests.Infrastructure;
using Npgsql;
using static Monitoring.IntegrationTests.Storage.HistoryStore;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>
/// The alarm history and the audit trail in time partitions: each kept for its own window (400 days, 7
/// years) and dropped a partition at a time, each drop recorded in the audit trail first; what is inside its
/// window stays whole; the vitals history's retention touches neither; they stay append-only; and a row is
/// stored wherever it is dated, a partition made for it when there is none.
/// </summary>
public sealed class AlarmAndAuditRetentionTests
{
    private static readonly TimeSpan SevenYears = TimeSpan.FromDays(2557);

    [Fact]
    public async Task Alarm_history_past_400_days_is_dropped_with_its_partition_and_the_drop_recorded_while_transitions_inside_the_window_stay_whole()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        var old = store.Tables.AlarmHistory.StartOf(now.AddDays(-420)).AddHours(1); // five minutes, one partition
        await store.AlarmHistory.AppendAsync([.. Enumerable.Range(1, 5).Select(n => Transition("a-old", n, old.AddMinutes(n)))]);
        await store.AlarmHistory.AppendAsync([.. Enumerable.Range(1, 4).Select(n => Transition("a-month", n, now.AddDays(-30).AddMinutes(n)))]);
        await store.AlarmHistory.AppendAsync([.. Enumerable.Range(1, 3).Select(n => Transition("a-now", n, now.AddSeconds(-n)))]);
        var (oldPartition, oldRange) = await PartitionOfAsync(database, "alarm_history", old);
        var inside = await database.ScalarAsync<string>("select string_agg(transition_key || '@' || occurred_at, ',' order by entry_id) from alarm_history where alarm_id <> 'a-old'");

        var dropped = await store.Retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal([oldPartition], dropped);
        Assert.True(await database.ScalarAsync<bool>("select to_regclass($1) is null", oldPartition), $"{oldPartition} is still there");
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alarm_history where alarm_id = 'a-old'"));
        Assert.Equal(7L, await database.ScalarAsync<long>("select count(*) from alarm_history"));
        Assert.Equal(inside, await database.ScalarAsync<string>("select string_agg(transition_key || '@' || occurred_at, ',' order by entry_id) from alarm_history"));

        // The clinical record's drop is in the audit trail: announced (and committed) before the detach, confirmed after.
        var (detach, drop) = (await AuditOfAsync(database, "alarm-history.partition.detach"), await AuditOfAsync(database, "alarm-history.partition.drop"));
        Assert.Equal(("system:retention", "started"), (detach.Subject, detach.Outcome));
        Assert.Equal($"{oldPartition} {oldRange}", detach.Resource);
        Assert.Contains("5 rows", detach.Reason, StringComparison.Ordinal);
        Assert.Equal(("success", detach.Resource), (drop.Outcome, drop.Resource));
        Assert.True(detach.Id < drop.Id, "the detach is recorded before the drop");
    }

    [Fact]
    public async Task A_transition_sent_again_is_stored_once_in_the_partitioned_alarm_history_whichever_writer_sends_it()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        var first = Transition("a-1", 1, now.AddTicks(7)); // sub-microsecond ticks, as a DateTimeOffset carries them
        var second = Transition("a-1", 2, now.AddSeconds(5));

        await store.AlarmHistory.AppendAsync([first]);
        await store.AlarmHistory.AppendAsync([first, second]); // the outbox's retry after an answer was lost
        await new HistoryStore(database).AlarmHistory.AppendAsync([first, second]); // the patient's snapshot, on another silo

        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from alarm_history"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from alarm_history where transition_key = 'a-1#1'"));
    }

    [Fact]
    public async Task Audit_trail_past_7_years_is_dropped_and_its_detach_recorded_in_the_audit_trail_while_newer_rows_stay_whole()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var start = store.Clock.Now;
        // Rows of seven years and about 100 days back (three hours, one 30-day partition, which ended more than
        // 7 years ago by PostgreSQL's clock too: the floor the schema's owner set), and of 60 days back.
        var old = store.Tables.AuditTrail.StartOf(start - SevenYears - TimeSpan.FromDays(100)).AddHours(1);
        await store.AuditAsync("patient.read", old, old.AddHours(1), old.AddHours(2));
        await store.AuditAsync("patient.read", start.AddDays(-60), start.AddDays(-1), start);
        var (oldPartition, oldRange) = await PartitionOfAsync(database, "audit_events", old);
        var inside = await database.ScalarAsync<string>("select string_agg(id || '@' || at, ',' order by id) from audit_events where at > $1", old.AddDays(40).UtcDateTime);

        var dropped = await store.Retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal([oldPartition], dropped.Where(name => name.StartsWith("audit_events_", StringComparison.Ordinal)));
        Assert.True(await database.ScalarAsync<bool>("select to_regclass($1) is null", oldPartition), $"{oldPartition} is still there");
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from audit_events where at < $1", old.AddDays(40).UtcDateTime));
        Assert.Equal(inside, await database.ScalarAsync<string>("select string_agg(id || '@' || at, ',' order by id) from audit_events where action = 'patient.read'"));

        var detach = await AuditOfAsync(database, "audit.partition.detach");
        Assert.Equal(("system:retention", "started"), (detach.Subject, detach.Outcome));
        Assert.Equal($"{oldPartition} {oldRange}", detach.Resource);
        Assert.Contains("3 rows", detach.Reason, StringComparison.Ordinal);
        Assert.Equal("success", (await AuditOfAsync(database, "audit.partition.drop")).Outcome);
        // Dated by the retention's clock, so in a partition that is not dropped.
        Assert.Equal(store.Clock.Now.UtcDateTime, await database.ScalarAsync<DateTime>("select at from audit_events where action = 'audit.partition.detach'"), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Vitals_retention_leaves_the_audit_trail_and_the_alarm_history_untouched()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        var old = now.AddDays(-20);
        await store.StoreAsync(Reading("p-1", "hr", 70, old));
        await store.AlarmHistory.AppendAsync([Transition("a-1", 1, old), Transition("a-1", 2, old.AddMinutes(1))]);
        await store.AuditAsync("patient.read", old, now);
        await store.Rollup.RunOnceAsync(CancellationToken.None);
        var vitalsPartition = await database.ScalarAsync<string>("select partition_name from history_partitions where parent = 'vitals_batches' and starts <= $1 and $1 < ends", old.UtcDateTime);
        const string Records = """
            select (select string_agg(entry_id || transition_key || occurred_at, ',' order by entry_id) from alarm_history)
                || ' / ' || (select string_agg(id || action || at, ',' order by id) from audit_events)
                || ' / ' || (select string_agg(partition_name, ',' order by partition_name) from history_partitions where parent in ('alarm_history', 'audit_events'))
            """;
        var before = await database.ScalarAsync<string>(Records);

        var dropped = await store.Retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal([vitalsPartition], dropped);
        Assert.Equal(before, await database.ScalarAsync<string>(Records));
    }

    [Theory]
    [InlineData("alarm_history")]
    [InlineData("audit_events")]
    public async Task Update_delete_and_truncate_are_refused_on_the_partitioned_table_and_on_each_of_its_partitions(string table)
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        // Rows in the partition the migration made (now) and in partitions made since, ahead and on demand.
        await store.Maintenance.EnsureAheadAsync(CancellationToken.None);
        DateTimeOffset[] times = [now, now.AddDays(-90), now.AddDays(100)];
        if (table == "alarm_history")
        {
            await store.AlarmHistory.AppendAsync([.. times.Select((at, i) => Transition("a-1", i + 1, at))]);
        }
        else
        {
            await store.AuditAsync("patient.read", times);
        }

        var count = await database.ScalarAsync<long>($"select count(*) from {table}");
        var partitions = await NamesAsync(database, "select partition_name from history_partitions where parent = $1 order by starts", table);
        var holdingRows = await NamesAsync(database, $"select distinct tableoid::regclass::text from {table} where $1 <> ''", table);
        Assert.True(partitions.Count >= 4 && holdingRows.Count == 3, $"{table}: {partitions.Count} partitions, {holdingRows.Count} holding rows");
        var column = table == "alarm_history" ? "actor" : "subject";
        // Row triggers fire for rows: UPDATE and DELETE where there are some; TRUNCATE is refused everywhere, empty or not.
        var statements = holdingRows.Prepend(table).SelectMany(target => new[] { $"update {target} set {column} = 'someone else'", $"delete from {target}" })
            .Concat(partitions.Prepend(table).Select(target => $"truncate {target}"));
        foreach (var statement in statements)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => database.ScalarAsync<object>(statement));
            Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{statement}: {refused.Message}");
        }

        Assert.Equal(count, await database.ScalarAsync<long>($"select count(*) from {table}"));
    }

    [Fact]
    public async Task Rows_dated_where_no_partition_exists_yet_are_stored_not_refused()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        // A transition sent late, one from a clock years ahead, an audit row from a host whose clock is far off.
        await store.AlarmHistory.AppendAsync([Transition("a-late", 1, now.AddDays(-150)), Transition("a-ahead", 1, now.AddYears(3))]);
        await store.AuditAsync("patient.read", now.AddYears(-2), now.AddYears(2));

        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from alarm_history"));
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from audit_events"));
        Assert.Equal(2L, await database.ScalarAsync<long>(
            "select count(*) from history_partitions where (parent = 'alarm_history' and starts <= $1 and $1 < ends) or (parent = 'audit_events' and starts <= $2 and $2 < ends)",
            now.AddYears(3).UtcDateTime, now.AddYears(-2).UtcDateTime));
    }

    [Fact]
    public async Task A_row_dated_in_a_partition_retention_dropped_elsewhere_is_stored_all_the_same()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var writer = new HistoryStore(database); // one silo, which knows the old partition
        var now = writer.Clock.Now;
        var old = now.AddDays(-420);
        await writer.AlarmHistory.AppendAsync([Transition("a-1", 1, old)]);
        var silo = new HistoryStore(database); // another, whose retention drops it
        Assert.Single(await silo.Retention.RunOnceAsync(CancellationToken.None));

        await writer.AlarmHistory.AppendAsync([Transition("a-1", 2, old.AddMinutes(1))]);

        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from alarm_history where transition_key = 'a-1#2'"));
    }

    [Fact]
    public async Task Alarm_history_and_audit_rows_from_before_partitioning_are_all_kept_with_their_ids_and_a_resent_transition_is_still_stored_once()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync(schemaVersion: 8);
        await database.ScalarAsync<object>("""
            insert into alarm_history (transition_key, alarm_id, patient_id, unit_id, bed, kind, code, priority, to_state, reason, raised_at, escalation_level, occurred_at)
            select 'a-' || i || '#1', 'a-' || i, 'p-1', 'icu-3w', '3', 'physiological', 'hr-high', 'medium', 'active', 'raised', now(), 0, now() - i * interval '9 days'
            from generate_series(0, 99) i
            """);
        await database.ScalarAsync<object>("""
            insert into audit_events (at, subject, roles, action, resource, outcome)
            select now() - i * interval '11 days', 'nurse-1', 'nurse', 'patient.read', 'patient/p-1', 'success' from generate_series(0, 199) i
            """);
        const string Rows = """
            select (select string_agg(entry_id || transition_key || occurred_at || recorded_at, ',' order by entry_id) from alarm_history)
                || ' / ' || (select string_agg(id || subject || at, ',' order by id) from audit_events)
            """;
        var before = await database.ScalarAsync<string>(Rows);

        await TestPostgres.Migrator(database.DataSource).MigrateAsync();

        Assert.Equal(before, await database.ScalarAsync<string>(Rows));
        Assert.Equal("p", await database.ScalarAsync<string>("select relkind::text from pg_class where relname = 'alarm_history'"));
        Assert.Equal("p", await database.ScalarAsync<string>("select relkind::text from pg_class where relname = 'audit_events'"));
        // Every partition is recorded, so retention finds it; none is left unrecorded.
        Assert.Equal(0L, await database.ScalarAsync<long>("""
            select count(*) from pg_inherits i where i.inhparent in ('alarm_history'::regclass, 'audit_events'::regclass)
            and not exists (select from history_partitions h where h.partition_name = i.inhrelid::regclass::text)
            """));

        var store = new HistoryStore(database);
        var occurredAt = await database.ScalarAsync<DateTime>("select occurred_at from alarm_history where transition_key = 'a-5#1'");
        await store.AlarmHistory.AppendAsync([Transition("a-5", 1, new DateTimeOffset(occurredAt, TimeSpan.Zero)), Transition("a-new", 1, store.Clock.Now)]);
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from alarm_history where transition_key = 'a-5#1'"));
        Assert.True(await database.ScalarAsync<long>("select entry_id from alarm_history where transition_key = 'a-new#1'") > 100, "new rows are numbered after the moved ones");
    }

    /// <summary>The partition holding <paramref name="at"/>, and its range as retention's audit rows write it.</summary>
    private static async Task<(string Name, string Range)> PartitionOfAsync(TestDatabase database, string parent, DateTimeOffset at)
    {
        await using var command = database.DataSource.CreateCommand("select partition_name, starts, ends from history_partitions where parent = $1 and starts <= $2 and $2 < ends");
        command.Parameters.Add(new NpgsqlParameter { Value = parent });
        command.Parameters.Add(new NpgsqlParameter { Value = at.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no partition of {parent} holds {at:u}");
        return (reader.GetString(0), $"[{reader.GetFieldValue<DateTimeOffset>(1):u}, {reader.GetFieldValue<DateTimeOffset>(2):u})");
    }

    private static async Task<List<string>> NamesAsync(TestDatabase database, string sql, string parameter)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<AuditRow> AuditOfAsync(TestDatabase database, string action)
    {
        await using var command = database.DataSource.CreateCommand("select id, subject, outcome, resource, coalesce(reason, '') from audit_events where action = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no audit row for {action}");
        var row = new AuditRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        Assert.False(await reader.ReadAsync(), $"more than one audit row for {action}");
        return row;
    }

    private sealed record AuditRow(long Id, string Subject, string Outcome, string Resource, string Reason);
}
