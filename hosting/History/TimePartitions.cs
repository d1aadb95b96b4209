using Microsoft.Extensions.Logging;
using Npgsql;
using static Monitoring.Storage.SqlCommands;

namespace Monitoring.History;

/// <summary>
/// The time partitions of one table partitioned by range on a timestamp: which exist (recorded in
/// <c>history_partitions</c>), and the creation of those missing. A partition covers one
/// <see cref="Span"/>, aligned to UTC midnight; where a partition made with another span is in the way,
/// the new one is cut short rather than overlap it. Creating one attaches an empty table, which does not
/// stop writers of the other partitions; the schema owner's function <c>history_create_partition</c> does it
/// (with the TRUNCATE guard of an append-only table), so the application's role needs no ownership. Safe from several processes at once (the silos, and the api for
/// the audit trail).
/// </summary>
public sealed partial class TimePartitions(NpgsqlDataSource dataSource, PartitionedTable table, ILogger logger)
{
    private readonly Lock _gate = new();
    private List<(DateTimeOffset Starts, DateTimeOffset Ends)> _known = [];

    public PartitionedTable Table { get; } = table;

    public string Parent => Table.Parent;

    public TimeSpan Span => Table.Span;

    /// <summary>Whether a row dated <paramref name="at"/> has a partition to go to, as far as this process knows.</summary>
    public bool Covers(DateTimeOffset at)
    {
        lock (_gate)
        {
            return _known.Exists(p => p.Starts <= at && at < p.Ends);
        }
    }

    /// <summary>The start of the partition an instant belongs to.</summary>
    public DateTimeOffset StartOf(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % Span.Ticks), TimeSpan.Zero);

    /// <summary>The start of every partition from the one holding <paramref name="first"/> to the one holding <paramref name="last"/>.</summary>
    public IEnumerable<DateTimeOffset> StartsBetween(DateTimeOffset first, DateTimeOffset last)
    {
        for (var start = StartOf(first); start <= last; start += Span)
        {
            yield return start;
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> (rows dated <paramref name="instants"/>) once each of them has a
    /// partition. When PostgreSQL finds none for a row all the same (this process's list was out of date: a
    /// partition dropped by retention elsewhere), the list is read again, the partition made, and the write
    /// tried once more: a row is never refused for want of a partition.
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<DateTimeOffset> instants, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await EnsureAsync(instants, cancellationToken);
        try
        {
            await write(cancellationToken);
        }
        catch (PostgresException e) when (IsMissingPartition(e))
        {
            Forget();
            await EnsureAsync(instants, cancellationToken);
            await write(cancellationToken);
        }
    }

    /// <summary>Drops what this process knows of the partitions: the next <see cref="EnsureAsync"/> reads them again.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _known = [];
        }
    }

    // "no partition of relation ... found for row": a check violation with no constraint named.
    private bool IsMissingPartition(PostgresException e) =>
        e.SqlState == PostgresErrorCodes.CheckViolation && string.IsNullOrEmpty(e.ConstraintName)
        && (string.IsNullOrEmpty(e.TableName) || e.TableName == Parent);

    /// <summary>
    /// Makes sure a partition covers every one of <paramref name="instants"/>; at once (no database) when
    /// they are known to be covered.
    /// </summary>
    /// <returns>How many partitions were created.</returns>
    public async Task<int> EnsureAsync(IEnumerable<DateTimeOffset> instants, CancellationToken cancellationToken)
    {
        var missing = instants.Where(at => !Covers(at)).Select(StartOf).Distinct().Order().ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock(hashtext('partitions:{Parent}'))", cancellationToken);
        var known = await ReadKnownAsync(connection, cancellationToken);
        var created = 0;
        foreach (var start in missing)
        {
            if (Clip(known, start, start + Span) is not { } range)
            {
                continue; // another silo made it meanwhile
            }

            // Made by the schema owner's function: the application's role owns no table (migration 0015).
            await using var create = new NpgsqlCommand("select history_create_partition($1, $2, $3)", connection);
            create.Parameters.Add(new NpgsqlParameter { Value = Parent });
            create.Parameters.Add(new NpgsqlParameter { Value = range.Starts.UtcDateTime });
            create.Parameters.Add(new NpgsqlParameter { Value = range.Ends.UtcDateTime });
            var name = (string)(await create.ExecuteScalarAsync(cancellationToken))!;
            known.Add(range);
            known.Sort();
            created++;
            LogCreated(name, range.Starts, range.Ends);
        }

        await transaction.CommitAsync(cancellationToken);
        lock (_gate)
        {
            _known = known;
        }

        return created;
    }

    // The part of [starts, ends) no known partition covers, or null when it is all covered; partitions
    // are contiguous in time, so a gap is cut from its neighbours on either side.
    private static (DateTimeOffset Starts, DateTimeOffset Ends)? Clip(
        List<(DateTimeOffset Starts, DateTimeOffset Ends)> known, DateTimeOffset starts, DateTimeOffset ends)
    {
        foreach (var (s, e) in known)
        {
            if (s <= starts && starts < e)
            {
                starts = e;
            }

            if (starts <= s && s < ends)
            {
                ends = s;
            }
        }

        return starts < ends ? (starts, ends) : null;
    }

    private async Task<List<(DateTimeOffset Starts, DateTimeOffset Ends)>> ReadKnownAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select starts, ends from history_partitions where parent = $1 order by starts", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Parent });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var known = new List<(DateTimeOffset, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return known;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created partition {Partition} for {Starts:u} to {Ends:u}")]
    private partial void LogCreated(string partition, DateTimeOffset starts, DateTimeOffset ends);
}
