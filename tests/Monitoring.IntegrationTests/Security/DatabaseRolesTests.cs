using Monitoring.History;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.IntegrationTests.Storage;
using Npgsql;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// Two database roles, tried as an attacker holding the application's connection string would: the silos'
/// and api hosts' role (which every system in these tests connects as) may add to the audit trail and read
/// it, and nothing else. It cannot alter the trail, disable its triggers, update, delete, truncate, detach
/// or drop it, move its chain's head, lower the floor retention keeps it for, or make a table; it owns nothing,
/// not even the partitions it had made. The migration run, as the owner, refuses a role that would undo this.
/// </summary>
public sealed class DatabaseRolesTests
{
    [Fact]
    public async Task The_application_role_cannot_alter_disable_triggers_on_update_delete_truncate_or_drop_the_audit_trail()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        await store.Maintenance.EnsureAheadAsync(CancellationToken.None);
        await store.AuditAsync("patient.read", now.AddDays(-40), now.AddMinutes(-1), now);
        var partition = await database.ScalarAsync<string>("select partition_name from history_partitions where parent = 'audit_events' and starts <= $1 and $1 < ends", now.UtcDateTime);
        const string Trail = "select count(*) || ':' || string_agg(id || subject || action || at || encode(row_hash, 'hex'), ',' order by id) from audit_events";
        var before = await database.ScalarAsync<string>(Trail);

        string[] attempts =
        [
            "alter table audit_events disable trigger all",
            "alter table audit_events disable trigger audit_events_no_update_or_delete",
            $"alter table {partition} disable trigger all",
            "alter table audit_events add column note text",
            "update audit_events set subject = 'someone else'",
            $"update {partition} set subject = 'someone else'",
            "delete from audit_events",
            $"delete from {partition}",
            "truncate audit_events",
            $"truncate {partition}",
            $"alter table audit_events detach partition {partition}",
            $"drop table {partition}",
            "drop table audit_events",
            "update audit_chain set last_seq = 0",
            "update retention_floors set kept_for = interval '0'",
            "delete from retention_floors",
            "insert into history_partitions (partition_name, parent, starts, ends) values ('x', 'audit_events', now(), now() + interval '1 day')",
            $"select history_drop_partition('{partition}')",
            "create table audit_copy as select * from audit_events",
            // A temporary table of its own cannot stand in for the owner's in the owner's functions: it may make none.
            "create temp table history_partitions (partition_name text, parent text, starts timestamptz, ends timestamptz)",
            // Nor drop a partition whose time has not ended, of any table.
            $"select history_drop_partition('{await database.ScalarAsync<string>("select partition_name from history_partitions where parent = 'vitals_batches' and starts <= now() and now() < ends")}')",
            $"alter role {TestPostgres.ApplicationRole} superuser",
        ];
        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => AsApplicationAsync(database, attempt));
            Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{attempt}: {refused.SqlState} {refused.Message}");
        }

        // Nor make a partition other than as the silos cut them (whole minutes, at most 31 days).
        foreach (var (starts, ends) in new[] { ("2020-01-01 00:00:30+00", "2020-01-02 00:00+00"), ("2020-01-01 00:00+00", "infinity"), ("2020-01-01 00:00+00", "2021-01-01 00:00+00") })
        {
            var bounds = await Assert.ThrowsAsync<PostgresException>(() => AsApplicationAsync(database, $"select history_create_partition('audit_events', '{starts}', '{ends}')"));
            Assert.Equal(PostgresErrorCodes.InvalidParameterValue, bounds.SqlState);
        }

        Assert.Equal(before, await database.ScalarAsync<string>(Trail));
        // What it needs, it may: add to the trail and read it.
        await AsApplicationAsync(database, "insert into audit_events (at, subject, roles, action, resource, outcome) values (now(), 'nurse-1', 'nurse', 'patient.read', 'patient/p-1', 'success')");
        Assert.Equal(4L, await ScalarAsApplicationAsync<long>(database, "select count(*) from audit_events"));
    }

    [Fact]
    public async Task The_application_role_owns_nothing_and_is_no_superuser_even_after_making_every_partition_it_needs()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        var now = store.Clock.Now;
        // Partitions ahead and on demand, of every partitioned table, made as the silos make them.
        await store.Maintenance.EnsureAheadAsync(CancellationToken.None);
        await store.StoreAsync(HistoryStore.Reading("p-1", "hr", 70, now.AddDays(-3)));
        await store.AlarmHistory.AppendAsync([HistoryStore.Transition("a-1", 1, now.AddDays(-90))]);
        await store.AuditAsync("patient.read", now.AddYears(-1));
        await store.Rollup.RunOnceAsync(CancellationToken.None);

        Assert.True(await database.ScalarAsync<long>("select count(*) from history_partitions") >= 15);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from pg_class where relowner = (select oid from pg_roles where rolname = $1)", TestPostgres.ApplicationRole));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from pg_proc where proowner = (select oid from pg_roles where rolname = $1)", TestPostgres.ApplicationRole));
        Assert.False(await database.ScalarAsync<bool>("select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles where rolname = $1", TestPostgres.ApplicationRole));
        // The partitions it had made carry the TRUNCATE guard of their append-only table all the same.
        var auditPartition = await database.ScalarAsync<string>("select partition_name from history_partitions where parent = 'audit_events' and starts <= $1 and $1 < ends", now.AddYears(-1).UtcDateTime);
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => database.ScalarAsync<object>($"truncate {auditPartition}"));
        Assert.Contains("append-only", truncate.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_told_to_keep_the_audit_trail_one_day_still_keeps_it_for_the_floor_the_owner_set()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var store = new HistoryStore(database);
        // The application's settings say one day; the migration run (as the owner) set seven years.
        store.RetentionOptions.Value.AuditTrailFor = TimeSpan.FromDays(1);
        store.RetentionOptions.Value.AlarmHistoryFor = TimeSpan.FromDays(1);
        var now = store.Clock.Now;
        await store.AuditAsync("patient.read", now.AddDays(-100), now.AddDays(-40));
        await store.AlarmHistory.AppendAsync([HistoryStore.Transition("a-1", 1, now.AddDays(-100))]);
        var old = await database.ScalarAsync<string>("select partition_name from history_partitions where parent = 'audit_events' and starts <= $1 and $1 < ends", now.AddDays(-100).UtcDateTime);

        var dropped = await store.Retention.RunOnceAsync(CancellationToken.None);

        Assert.DoesNotContain(dropped, name => name.StartsWith("audit_events_", StringComparison.Ordinal) || name.StartsWith("alarm_history_", StringComparison.Ordinal));
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from audit_events where action = 'patient.read'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from alarm_history"));
        // Asked directly, the owner's function refuses too, and says why.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => AsApplicationAsync(database, $"select history_drop_partition('{old}')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("the floor set for audit_events", refused.MessageText, StringComparison.Ordinal);
        Assert.True(await database.ScalarAsync<bool>("select to_regclass($1) is not null", old));
    }

    [Fact]
    public async Task The_migration_run_refuses_an_application_role_that_is_missing_or_is_the_owner_and_a_table_whose_rights_nobody_decided()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var migrate = (string role) => new Monitoring.Silo.Database.SchemaMigrator(
            database.DataSource,
            Microsoft.Extensions.Options.Options.Create(new Monitoring.Configuration.DatabaseOptions { ApplicationRole = role }),
            Microsoft.Extensions.Options.Options.Create(new RetentionOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Monitoring.Silo.Database.SchemaMigrator>.Instance).MigrateAsync();
        var owner = new NpgsqlConnectionStringBuilder(database.ConnectionString).Username!;

        var missing = await Assert.ThrowsAsync<Monitoring.Silo.Database.ApplicationRoleException>(() => migrate("no_such_role"));
        Assert.Contains("Database:ApplicationRole 'no_such_role' does not exist", missing.Message, StringComparison.Ordinal);
        var itself = await Assert.ThrowsAsync<Monitoring.Silo.Database.ApplicationRoleException>(() => migrate(owner));
        Assert.Contains("is the role running the migrations", itself.Message, StringComparison.Ordinal);

        await database.ScalarAsync<object>("create table scratch (id int)");
        var undecided = await Assert.ThrowsAsync<Monitoring.Silo.Database.ApplicationRoleException>(() => migrate(TestPostgres.ApplicationRole));
        Assert.Contains("No rights are decided for the application's role on scratch", undecided.Message, StringComparison.Ordinal);
        await database.ScalarAsync<object>("drop table scratch");
        await migrate(TestPostgres.ApplicationRole);

        // The operator's command says so in one line, and stops.
        await using var command = HostProcess.Start(RepositoryLayout.SiloAssembly, new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Database__ApplicationRole"] = "no_such_role",
        }, "migrate");
        Assert.Equal(2, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Database:ApplicationRole 'no_such_role' does not exist", command.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", command.Output, StringComparison.Ordinal);
    }

    private static async Task AsApplicationAsync(TestDatabase database, string sql)
    {
        await using var command = database.ApplicationDataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsApplicationAsync<T>(TestDatabase database, string sql)
    {
        await using var command = database.ApplicationDataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
