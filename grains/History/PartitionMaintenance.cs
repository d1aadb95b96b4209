using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Storage;

namespace Monitoring.History;

/// <summary>
/// Keeps the partitions (of the batches and of the minute trends) of the current time and the next <see cref="VitalsHistoryOptions.PartitionsAhead"/>
/// ready, checking four times a partition (at least hourly), so that at midnight the writers find the new
/// day's partition there. A write dated where none exists (a late reading) makes its own.
/// </summary>
public sealed partial class PartitionMaintenance(
    HistoryTables tables, DatabaseOutage outage, IOptions<VitalsHistoryOptions> options, TimeProvider time, ILogger<PartitionMaintenance> logger)
    : BackgroundService
{
    private const string Work = "history_partitions";

    /// <summary>How often the partitions ahead are checked.</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Math.Min(options.Value.PartitionSpan.Ticks / 4, TimeSpan.TicksPerHour));

    /// <summary>Creates what is missing from now to the partitions ahead; returns how many it created.</summary>
    public async Task<int> EnsureAheadAsync(CancellationToken cancellationToken) =>
        await EnsureAheadAsync(tables.Vitals, cancellationToken) + await EnsureAheadAsync(tables.Minutes, cancellationToken);

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
