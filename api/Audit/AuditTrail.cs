using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Api.Security;
using Monitoring.History;
using Monitoring.Storage;
using Polly;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Audit;

/// <summary>
/// The append-only audit trail in PostgreSQL (<c>audit_events</c>). Rows are queued and written in
/// batches off the request path; a batch that fails is retried until it is written. When the queue
/// is full, <see cref="Record(AuditEvent)"/> says so and the caller refuses the request: nothing
/// audited goes unrecorded. The table is partitioned by time (the silos make the partitions ahead); a row
/// dated where none exists (this host's clock far off) has its partition made before it is written.
/// </summary>
public sealed partial class AuditTrail(
    NpgsqlDataSource database, IOptions<RetentionOptions> retention, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditTrail> logger) : BackgroundService
{
    private readonly TimePartitions _partitions = new(database, PartitionedTable.AuditTrail(retention.Value), logger);

    private readonly int _capacity = options.Value.QueueCapacity;
    private readonly ResiliencePipeline _writes = DatabaseResilience.UntilWritten("audit", time, logger);
    private const int BatchSize = 2_000;

    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false instead of dropping
    });

    /// <summary>Rows waiting to be written.</summary>
    public int Depth => _queue.Reader.Count;

    // Rows of actions already let through (checked HasRoom, recorded once done) always fit: HasRoom keeps
    // this much of the queue for them.
    private readonly int _reservedForAdmitted = Math.Min(1_000, options.Value.QueueCapacity / 10);

    /// <summary>
    /// Whether an audited action may go ahead: checked before it, so that its row, recorded once it is done,
    /// finds room. When not, the action is refused (503, or a hub error) and nothing is done.
    /// </summary>
    public bool HasRoom => _queue.Reader.Count < _capacity - _reservedForAdmitted;

    /// <summary>Queues a row; false when the trail cannot take it now (the caller answers 503).</summary>
    public bool Record(AuditEvent entry) => _queue.Writer.TryWrite(entry);

    /// <summary>Queues a row for the caller of this request.</summary>
    public bool Record(HttpContext context, string action, string resource, string outcome, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        return Record(new AuditEvent(
            time.GetUtcNow(),
            signedIn ? user.Subject() : "anonymous",
            signedIn ? user.RoleList() : "",
            action,
            resource,
            outcome,
            context.Connection.RemoteIpAddress?.ToString(),
            Activity.Current?.TraceId.ToHexString(),
            reason));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEvent>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Fill(batch);
                await WriteUntilStoredAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is queued is written in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        var batch = new List<AuditEvent>(BatchSize);
        while (_queue.Reader.TryPeek(out _) && !cancellationToken.IsCancellationRequested)
        {
            Fill(batch);
            await WriteUntilStoredAsync(batch, cancellationToken);
        }

        if (_queue.Reader.Count > 0)
        {
            LogUnwritten(_queue.Reader.Count);
        }
    }

    private void Fill(List<AuditEvent> batch)
    {
        batch.Clear();
        while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }
    }

    /// <summary>Written however long it takes (see <see cref="DatabaseResilience.UntilWritten"/>), unless shutting down.</summary>
    private async Task WriteUntilStoredAsync(List<AuditEvent> batch, CancellationToken cancellationToken) =>
        await _writes.ExecuteAsync(async token => await WriteAsync(batch, token), cancellationToken);

    private async Task WriteAsync(List<AuditEvent> batch, CancellationToken cancellationToken)
    {
        DateTimeOffset[] times = [.. batch.Select(e => e.At)];
        await _partitions.WriteAsync(times, token => InsertAsync(batch, token), cancellationToken);
    }

    private async Task InsertAsync(List<AuditEvent> batch, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            insert into audit_events (at, subject, roles, action, resource, outcome, client_address, trace_id, reason)
            select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.At.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        Add(command, batch.Select(e => e.Subject));
        Add(command, batch.Select(e => e.Roles));
        Add(command, batch.Select(e => e.Action));
        Add(command, batch.Select(e => e.Resource));
        Add(command, batch.Select(e => e.Outcome));
        Add(command, batch.Select(e => e.ClientAddress));
        Add(command, batch.Select(e => e.TraceId));
        Add(command, batch.Select(e => e.Reason));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });


    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit rows could not be written before shutdown")]
    private partial void LogUnwritten(int count);
}
