using Npgsql;

namespace Monitoring.Audit;

/// <summary>What a check of the audit trail's hash chain found (migration 0014).</summary>
/// <param name="Intact">Every row from the first kept to the chain's head is there, in order, as written.</param>
/// <param name="Rows">Rows in the chain that were checked.</param>
/// <param name="FirstSequence">The first row's place in the chain (1 unless retention dropped older partitions); null when empty.</param>
/// <param name="DroppedByRetention">Places in the chain whose rows retention dropped with their partitions, as it recorded then.</param>
/// <param name="LastSequence">The last row's place; null when empty.</param>
/// <param name="HeadSequence">Where the chain's head says the chain ends.</param>
/// <param name="HeadHash">The hash of the chain's last row (hex): recorded outside the database, it is an anchor for a later check.</param>
/// <param name="Unchained">Rows written before the chain began (not checked).</param>
/// <param name="FirstBroken">The first row that does not fit, or null.</param>
public sealed record AuditChainReport(
    bool Intact, long Rows, long? FirstSequence, long? LastSequence, long DroppedByRetention, long HeadSequence, string HeadHash, long Unchained, AuditChainBreak? FirstBroken);

/// <summary>A row that does not fit the chain, and why.</summary>
/// <param name="Id">The row's id (<c>audit_events.id</c>); null when rows are missing at the end.</param>
public sealed record AuditChainBreak(long? Id, long Sequence, DateTimeOffset? At, string Problem);

/// <summary>
/// Recomputes the audit trail's hash chain in PostgreSQL, with the function the trigger hashes with, and
/// names the first row that does not fit: changed (its hash is not that of its predecessor and its
/// content), missing (a gap in the sequence before it that retention did not record as dropped), slipped
/// in outside the chain, or cut from the end (the head is further on). One pass over the trail, in the
/// chain's order. Where retention dropped rows, the row after them is checked against the hash recorded
/// for the last dropped one, so the first row kept is checked like any other.
/// Whoever may write the tables could also rewrite the whole chain from a changed row on; an anchor (a
/// place and hash recorded earlier outside the database, from <see cref="AuditChainReport.HeadHash"/>)
/// catches that: the row at that place must still have that hash.
/// </summary>
public static class AuditChain
{
    // A gap is retention's when every place in it is recorded as dropped (audit_chain_cuts); the row after it
    // then links to the dropped row's hash recorded with it (audit_chain_links).
    private const string FirstBreak = """
        with cut as (
            select coalesce(range_agg(r), '{}'::int8multirange) as dropped from audit_chain_cuts, unnest(dropped) r
        ),
        chained as (
            select id, at, chain_seq, row_hash,
                   coalesce(lag(chain_seq) over w, 0) as previous_seq,
                   lag(row_hash) over w as previous_hash,
                   audit_event_content(chain_seq, id, at, subject, roles, action, resource, outcome, client_address, trace_id, reason) as content
            from audit_events
            where chain_seq is not null
            window w as (order by chain_seq, id)
        )
        select c.id, c.at, c.chain_seq, c.row_hash,
               case
                   when c.chain_seq = c.previous_seq then 'a second row with the same place in the chain'
                   when c.chain_seq = c.previous_seq + 1 then
                       case when c.row_hash is distinct from sha256(coalesce(c.previous_hash, ''::bytea) || c.content) then 'changed since it was written' end
                   when not (int8range(c.previous_seq + 1, c.chain_seq - 1, '[]') <@ cut.dropped) then format('%s row(s) missing before it', c.chain_seq - c.previous_seq - 1)
                   when link.row_hash is null then 'the row before it was dropped by retention without its hash recorded'
                   when c.row_hash is distinct from sha256(link.row_hash || c.content) then 'changed since it was written'
               end as problem
        from chained c
        cross join cut
        left join audit_chain_links link on link.chain_seq = c.chain_seq - 1
        order by c.chain_seq, c.id
        """;

    /// <summary>Checks the whole chain, and the row at <paramref name="anchor"/> when given; read-only, in one snapshot (repeatable read).</summary>
    public static async Task<AuditChainReport> VerifyAsync(NpgsqlDataSource database, (long Sequence, byte[] Hash)? anchor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var (head, headHash) = await HeadAsync(connection, cancellationToken);
        long rows = 0;
        long? first = null, last = null;
        byte[]? lastHash = null;
        AuditChainBreak? broken = null;
        await using (var walk = new NpgsqlCommand(FirstBreak, connection))
        await using (var reader = await walk.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                var sequence = reader.GetInt64(2);
                first ??= sequence;
                last = sequence;
                lastHash = reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3);
                if (broken is null && !reader.IsDBNull(4))
                {
                    broken = new AuditChainBreak(reader.GetInt64(0), sequence, reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(4));
                }
            }
        }

        // Rows cut from the end leave every remaining link whole: only the head says the chain went further.
        if (broken is null && (last ?? 0) != head)
        {
            broken = new AuditChainBreak(null, (last ?? 0) + 1, null, $"{head - (last ?? 0)} row(s) missing at the end: the chain's head is at {head}");
        }
        else if (broken is null && last is not null && !headHash.AsSpan().SequenceEqual(lastHash))
        {
            broken = new AuditChainBreak(null, head, null, "the last row is not the one the chain's head records");
        }

        if (broken is null && anchor is { } given)
        {
            await using var anchored = new NpgsqlCommand("select id, at, row_hash from audit_events where chain_seq = $1 order by id limit 1", connection) { Parameters = { new() { Value = given.Sequence } } };
            await using var reader = await anchored.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                broken = new AuditChainBreak(null, given.Sequence, null, "the anchor's row is not in the trail");
            }
            else if (!reader.GetFieldValue<byte[]>(2).AsSpan().SequenceEqual(given.Hash))
            {
                broken = new AuditChainBreak(reader.GetInt64(0), given.Sequence, reader.GetFieldValue<DateTimeOffset>(1), "its hash is not the anchor's: the chain was written again from here or before");
            }
        }

        var unchained = await UnchainedAsync(connection, cancellationToken);
        await using var droppedCount = new NpgsqlCommand("select coalesce(sum(upper(r) - lower(r)), 0)::bigint from audit_chain_cuts, unnest(dropped) r", connection);
        var dropped = (long)(await droppedCount.ExecuteScalarAsync(cancellationToken))!;
        if (broken is null && unchained.After is { } slipped)
        {
            broken = new AuditChainBreak(slipped.Id, 0, slipped.At, "written outside the chain after the chain began");
        }

        return new AuditChainReport(broken is null, rows, first, last, dropped, head, Convert.ToHexStringLower(headHash), unchained.Count, broken);
    }

    /// <summary>Reads an anchor written as <c>{sequence}:{hash in hex}</c>; null when it is not one.</summary>
    public static (long Sequence, byte[] Hash)? ParseAnchor(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence) && sequence > 0
            && parts[1].Length == 64 && parts[1].All(char.IsAsciiHexDigit)
            ? (sequence, Convert.FromHexString(parts[1]))
            : null;
    }

    private static async Task<(long Sequence, byte[] Hash)> HeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select last_seq, last_hash from audit_chain", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : throw new InvalidOperationException("The audit chain's head (audit_chain) is missing: the trail cannot be checked.");
    }

    /// <summary>Rows without a place in the chain, and the first of them written after the chain's first row (none should be).</summary>
    private static async Task<(long Count, (long Id, DateTimeOffset At)? After)> UnchainedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            with first_chained as (select min(id) as id from audit_events where chain_seq is not null)
            select (select count(*) from audit_events where chain_seq is null),
                   u.id, u.at
            from (select 1) one
            left join lateral (
                select e.id, e.at from audit_events e, first_chained f
                where e.chain_seq is null and e.id > f.id order by e.id limit 1) u on true
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : (reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
    }
}
