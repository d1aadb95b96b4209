using System.Globalization;
using Monitoring.History;
using Npgsql;
using static Monitoring.Storage.SqlCommands;

namespace Monitoring.Silo.Database;

/// <summary>
/// What the application's role (<c>Database:ApplicationRole</c>) may do, granted by the migration run after
/// the migrations, as the role that owns the schema. Everything the role held before is taken back first,
/// so the grants are exactly these whatever an earlier version granted. Partitions get nothing of their own:
/// PostgreSQL checks the rights of the partitioned table named in a statement; they are made and dropped
/// through the owner's functions (migration 0015). Also records the retention floors, from <c>Retention:*</c>.
/// </summary>
public static class ApplicationRoleGrants
{
    /// <summary>
    /// Every table and view of the schema (partitions aside), with what the silos and api hosts do to it.
    /// A table a migration adds and this list lacks stops the migration run: its rights are decided, not defaulted.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Tables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // The records: written once, read, never changed. The audit chain's head is kept by the trigger (its owner's function).
        ["alarm_history"] = "select, insert",
        ["audit_events"] = "select, insert",
        ["audit_chain"] = "select",
        ["audit_chain_cuts"] = "select",
        ["audit_chain_links"] = "select",
        // The vitals history: batches appended; the trends merged by the roll-up.
        ["vitals_batches"] = "select, insert",
        ["vitals_minutes"] = "select, insert, update",
        ["vitals_ten_minutes"] = "select, insert, update",
        // The old layout, emptied into the new in chunks it locks (FOR UPDATE needs UPDATE; no row is changed).
        ["vitals_history"] = "select, update, delete",
        ["vitals_readings"] = "select",
        ["vital_signs"] = "select, insert",
        ["history_rollups"] = "select, update",
        // Kept by the owner: partitions (its functions), floors (the migration run), the schema's version.
        ["history_partitions"] = "select",
        ["retention_floors"] = "select",
        ["schema_migrations"] = "select",
        // The census, devices and gateways.
        ["units"] = "select, insert, update",
        ["patients"] = "select, insert, update",
        ["stays"] = "select, insert, update",
        ["devices"] = "select, insert, update",
        ["device_bindings"] = "select, insert, update",
        ["mllp_gateways"] = "select, insert, update, delete",
        // Alarms out to the alarm manager (PCD-04): queued with the history, marked when answered, old rows removed.
        ["alarm_manager_outbox"] = "select, insert, update, delete",
        // The ADT feed: the admins' location mapping, what the feed last applied per patient, the messages taken.
        ["adt_locations"] = "select, insert, update, delete",
        ["adt_patients"] = "select, insert, update",
        ["adt_messages"] = "select, insert",
        // Web Push to on-call staff: subscriptions made, renewed and removed; one delivery claimed per host and
        // escalation, old ones cleared (migration 0019).
        ["push_subscriptions"] = "select, insert, update, delete",
        ["push_deliveries"] = "select, insert, delete",
        // What-if replays: queued by the api, claimed and run by a silo, applied once (migration 0020).
        ["alarm_replays"] = "select, insert, update",
        // Orleans' ADO.NET providers: their queries, and the clustering, grain state and reminders they keep.
        ["orleansquery"] = "select",
        ["orleansmembershipversiontable"] = "select, insert, update",
        ["orleansmembershiptable"] = "select, insert, update, delete",
        ["orleansstorage"] = "select, insert, update, delete",
        ["orleansreminderstable"] = "select, insert, update, delete",
    };

    /// <summary>The owner's functions the role may call: partitions made and dropped, a partition's rows counted.</summary>
    public static IReadOnlyList<string> Functions { get; } =
    [
        "history_create_partition(text, timestamptz, timestamptz)",
        "history_partition_rows(text)",
        "history_drop_partition(text)",
    ];

    /// <summary>Grants the role its rights and records the floors, in the caller's transaction.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, string role, RetentionOptions retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retention);
        await CheckRoleAsync(connection, role, cancellationToken);
        var unlisted = (await SchemaRelationsAsync(connection, cancellationToken)).Except(Tables.Keys).ToList();
        if (unlisted.Count > 0)
        {
            throw new ApplicationRoleException(
                $"No rights are decided for the application's role on {string.Join(", ", unlisted)}: add them to {nameof(ApplicationRoleGrants)}.{nameof(Tables)}.");
        }

        var quoted = Quote(role);
        var statements = new List<string>();
        // Taken back from everything the migrating role owns here (an extension's own objects are not its to revoke).
        var (relations, sequences, functions) = await OwnedAsync(connection, cancellationToken);
        if (relations.Count > 0)
        {
            statements.Add($"revoke all on table {string.Join(", ", relations)} from {quoted}");
        }

        if (sequences.Count > 0)
        {
            statements.Add($"revoke all on sequence {string.Join(", ", sequences)} from {quoted}");
        }

        if (functions.Count > 0)
        {
            statements.Add($"revoke all on function {string.Join(", ", functions)} from {quoted}");
        }

        // No temporary tables and no tables of its own (PostgreSQL 15 no longer lets PUBLIC create in public;
        // older servers and databases made before did): what the database's owner may take back.
        if (await ScalarAsync<bool>(connection, "select datdba = (select oid from pg_roles where rolname = current_user) from pg_database where datname = current_database()", cancellationToken))
        {
            var database = Quote(await ScalarAsync<string>(connection, "select current_database()", cancellationToken));
            statements.Add($"revoke temporary on database {database} from public, {quoted}");
            statements.Add($"revoke create on schema public from public, {quoted}");
        }

        statements.Add($"grant usage on schema public to {quoted}");
        if (sequences.Count > 0)
        {
            // Identity and serial columns of the tables it inserts into.
            statements.Add($"grant usage on sequence {string.Join(", ", sequences)} to {quoted}");
        }
        statements.AddRange(Tables.Select(t => $"grant {t.Value} on {t.Key} to {quoted}"));
        statements.AddRange(Functions.Select(f => $"grant execute on function {f} to {quoted}"));
        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }

        if (await ScalarAsync<bool>(connection, "select has_database_privilege($1, current_database(), 'TEMP') or has_schema_privilege($1, 'public', 'CREATE')", cancellationToken, role))
        {
            throw new ApplicationRoleException(
                $"Database:ApplicationRole '{role}' may still make temporary tables or tables in schema public, and the role migrating does not own the database to take that back: have its owner run `revoke temporary on database … from public, {role}; revoke create on schema public from public, {role}`, then migrate again.");
        }

        await using var floors = new NpgsqlCommand(
            """
            insert into retention_floors (parent, kept_for) values ('audit_events', $1), ('alarm_history', $2)
            on conflict (parent) do update set kept_for = excluded.kept_for
            """, connection);
        floors.Parameters.Add(new NpgsqlParameter { Value = retention.AuditTrailFor });
        floors.Parameters.Add(new NpgsqlParameter { Value = retention.AlarmHistoryFor });
        await floors.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The tables and views of the schema, partitions and extensions' own (pg_stat_statements) aside.</summary>
    public static async Task<IReadOnlyList<string>> SchemaRelationsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
              and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
            order by c.relname
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The tables, views, sequences and functions of the schema the migrating role owns, quoted.</summary>
    private static async Task<(List<string> Relations, List<string> Sequences, List<string> Functions)> OwnedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            select case c.relkind when 'S' then 's' else 'r' end, c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S') and c.relowner = (select oid from pg_roles where rolname = current_user)
            union all
            select 'f', p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public' and p.proowner = (select oid from pg_roles where rolname = current_user)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (relations, sequences, functions) = (new List<string>(), new List<string>(), new List<string>());
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetString(0);
            (kind == "r" ? relations : kind == "s" ? sequences : functions).Add(reader.GetString(1));
        }

        return (relations, sequences, functions);
    }

    /// <summary>
    /// The role migrating must not be a superuser (its functions would run as one); the application's role must
    /// exist, be another, own nothing and hold no more than a login (no attribute, no membership of another role).
    /// </summary>
    private static async Task CheckRoleAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        if (await ScalarAsync<bool>(connection, "select rolsuper from pg_roles where rolname = current_user", cancellationToken))
        {
            throw new ApplicationRoleException(
                "The migrations run as a superuser: the owner's functions would then run as one. Migrate as a role that only owns the database (create role monitoring login password '…'; alter database … owner to monitoring; reassign owned by <the superuser> to monitoring, as a superuser, for a database made before), docs/security.md.");
        }

        await using var command = new NpgsqlCommand(
            """
            select r.rolsuper or r.rolcreaterole or r.rolcreatedb or r.rolbypassrls or r.rolreplication
                   or exists (select from pg_auth_members m where m.member = r.oid),
                   r.rolname = current_user,
                   exists (select from pg_class c where c.relowner = r.oid)
            from pg_roles r where r.rolname = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new ApplicationRoleException(
                $"Database:ApplicationRole '{role}' does not exist. Create it as a login with no other rights (create role {role} login password '…'), then run migrate again; the silos and api hosts connect as it (docs/security.md).");
        }

        var (privileged, isMigrator, owns) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
        if (isMigrator || owns)
        {
            throw new ApplicationRoleException(
                $"Database:ApplicationRole '{role}' {(isMigrator ? "is the role running the migrations" : "owns tables of this database")}: the silos and api hosts must connect as a role that owns nothing, and the migrations run as the owner.");
        }

        if (privileged)
        {
            throw new ApplicationRoleException(
                $"Database:ApplicationRole '{role}' is a superuser, may create roles or databases, bypass row security or replicate, or is a member of another role (whose rights it would hold): give the silos and api hosts a role with a login only.");
        }
    }

    private static string Quote(string role) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{role.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
}
