using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Storage;

namespace Monitoring.History;

/// <summary>
/// Keeps the partitions (of the batches, the minute trends, the alarm history and the audit trail) of the
/// current time and the next <see cref="VitalsHistoryOptions.PartitionsAhead"/> ready, checking four times the
/// shortest partition (at least hourly), so that at midnight the writers find the new day's partition there.
/// A write dated where none exists (a late reading or transition) makes its own.
/// </summary>
public sealed partial class PartitionMaintenance(
    HistoryTables tables, DatabaseOutage outage, IOptions<VitalsHistoryOptions> options, TimeProvider time, ILogger<PartitionMaintenance> logger)
    : BackgroundService
{
    private const string Work = "history_partitions";

    /// <summary>How often the partitions ahead are checked.</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Math.Min(tables.All.Min(t => t.Span.Ticks) / 4, TimeSpan.TicksPerHour));

    /// <summary>Creates what is missing from now to the partitions ahead; returns how many it created.</summary>
    public async Task<int> EnsureAheadAsync(CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var partitions in tables.All)
        {
            created += await EnsureAheadAsync(partitions, cancellationToken);
        }

        return created;
    }

    private Task<int> EnsureAheadAsync(TimePartitions partitions, CancellationToken cancellationToken)
    {
        var now = partitions.StartOf(time.GetUtcNow());
        var needed = Enumerable.Range(0, options.Value.PartitionsAhead + 1).Select(i => now + (partitions.Span * i));
        return partitions.EnsureAsync(needed, cancellationToken);
    }

    // A failed run (PostgreSQL out, most likely) is tried again at the next tick, long before the partitions ahead run out.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(Interval, time, runAtStart: true, EnsureAheadAsync, outage, Work, LogFailed, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History partitions ahead not checked; trying again at the next tick")]
    private partial void LogFailed(Exception exception);
}
