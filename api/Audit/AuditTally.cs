using System.Globalization;
using Microsoft.Extensions.Options;

namespace Monitoring.Api.Audit;

/// <summary>
/// Refusals that anyone on the network can cause at will (a bad token, an HL7 message for a device its sender
/// may not report for), counted per source and written to the audit trail as one row per source and
/// interval (<see cref="AuditOptions.FailedSignInsEvery"/>): "<c>{n} {what} since {time}: {reasons}</c>".
/// A flood then costs the trail a row an interval per source instead of a row per attempt, and cannot fill
/// its queue and so refuse every audited action. Past <see cref="MaxSources"/> sources in one interval,
/// the rest are counted together.
/// </summary>
public abstract partial class AuditTally(AuditTrail audit, IOptions<AuditOptions> options, TimeProvider time, ILogger logger) : BackgroundService
{
    public const int MaxSources = 10_000;

    /// <summary>The "source" of refusals from sources past <see cref="MaxSources"/>.</summary>
    public const string OtherSources = "other sources";

    /// <summary>Reasons listed one by one in a row; the rest are counted together as <see cref="OtherReasons"/>.</summary>
    public const int MaxReasons = 50;

    public const string OtherReasons = "others";

    private readonly Lock _gate = new();
    private Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    /// <summary>Writes the counts so far (one row per source) and starts counting again; returns the rows queued.</summary>
    public int Flush()
    {
        Dictionary<string, Tally> tallies;
        lock (_gate)
        {
            (tallies, _tallies) = (_tallies, new(StringComparer.Ordinal));
        }

        var queued = 0;
        foreach (var (source, tally) in tallies)
        {
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{tally.Count} {What(tally.Count)} since {tally.Since:O}{(source == OtherSources ? " from other sources" : "")}: {string.Join(", ", tally.Reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} ×{r.Value}"))}");
            if (audit.Record(Row(source == OtherSources ? null : source, summary, time.GetUtcNow())))
            {
                queued++;
                continue;
            }

            // The trail is full: keep counting them, to be written with the next interval's.
            LogNotRecorded(tally.Count, What(tally.Count));
            lock (_gate)
            {
                _tallies[source] = _tallies.TryGetValue(source, out var newer) ? tally.Merge(newer) : tally;
            }
        }

        return queued;
    }

    /// <summary>Counts one refusal of <paramref name="source"/> for <paramref name="reason"/>.</summary>
    protected void Count(string source, string reason)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_tallies.TryGetValue(source, out var tally))
            {
                if (_tallies.Count >= MaxSources)
                {
                    source = OtherSources;
                    tally = _tallies.GetValueOrDefault(source);
                }

                if (tally is null)
                {
                    _tallies[source] = tally = new Tally(now);
                }
            }

            tally.Add(reason);
        }
    }

    /// <summary>What is counted, as in "3 failed sign-ins".</summary>
    protected abstract string What(int count);

    /// <summary>The audit row of one source (null: the sources past <see cref="MaxSources"/>).</summary>
    protected abstract AuditEvent Row(string? source, string summary, DateTimeOffset now);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FailedSignInsEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Flush();
            }
        }
        catch (OperationCanceledException)
        {
        }

        Flush(); // what was counted before the host stopped
    }

    private sealed class Tally(DateTimeOffset since)
    {
        public Dictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset Since { get; } = since;

        public int Count { get; private set; }

        public void Add(string reason, int times = 1)
        {
            Count += times;
            // A sender trying random ids would otherwise make one entry, and one clause of the row, each.
            if (Reasons.Count >= MaxReasons && !Reasons.ContainsKey(reason))
            {
                reason = OtherReasons;
            }

            Reasons[reason] = Reasons.GetValueOrDefault(reason) + times;
        }

        public Tally Merge(Tally newer)
        {
            foreach (var (reason, times) in newer.Reasons)
            {
                Add(reason, times);
            }

            return this;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} {What} not recorded yet: the audit trail is full; they are kept for the next interval")]
    private partial void LogNotRecorded(int count, string what);
}
