using System.Globalization;
using Microsoft.Extensions.Options;

namespace Monitoring.Api.Audit;

/// <summary>
/// Failed sign-ins (a token that is bad, expired or not ours), counted per client address and written to
/// the audit trail as one row per address and interval (<see cref="AuditOptions.FailedSignInsEvery"/>):
/// "<c>{n} failed sign-ins since {time}: {reasons}</c>". A flood of bad tokens then costs the trail a
/// row a minute per source instead of a row per request, and cannot fill its queue and so refuse every
/// audited action. Past <see cref="MaxSources"/> addresses in one interval, the rest are counted together.
/// </summary>
public sealed partial class FailedSignIns(AuditTrail audit, IOptions<AuditOptions> options, TimeProvider time, ILogger<FailedSignIns> logger) : BackgroundService
{
    public const int MaxSources = 10_000;

    /// <summary>The "address" of failures from sources past <see cref="MaxSources"/>.</summary>
    public const string OtherSources = "other sources";

    private readonly Lock _gate = new();
    private Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    /// <summary>Counts a failed sign-in of this request.</summary>
    public void Count(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_tallies.TryGetValue(address, out var tally))
            {
                if (_tallies.Count >= MaxSources)
                {
                    address = OtherSources;
                    tally = _tallies.GetValueOrDefault(address);
                }

                if (tally is null)
                {
                    _tallies[address] = tally = new Tally(now);
                }
            }

            tally.Add(reason);
        }
    }

    /// <summary>Writes the counts so far (one row per address) and starts counting again; returns the rows queued.</summary>
    public int Flush()
    {
        Dictionary<string, Tally> tallies;
        lock (_gate)
        {
            (tallies, _tallies) = (_tallies, new(StringComparer.Ordinal));
        }

        var queued = 0;
        foreach (var (address, tally) in tallies)
        {
            if (audit.Record(tally.Row(address, time.GetUtcNow())))
            {
                queued++;
                continue;
            }

            // The trail is full: keep counting them, to be written with the next interval's.
            LogNotRecorded(tally.Failures);
            lock (_gate)
            {
                _tallies[address] = _tallies.TryGetValue(address, out var newer) ? tally.Merge(newer) : tally;
            }
        }

        return queued;
    }

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
        private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);

        public DateTimeOffset Since { get; private set; } = since;

        public int Failures { get; private set; }

        public void Add(string reason, int times = 1)
        {
            Failures += times;
            _reasons[reason] = _reasons.GetValueOrDefault(reason) + times;
        }

        public Tally Merge(Tally newer)
        {
            foreach (var (reason, times) in newer._reasons)
            {
                Add(reason, times);
            }

            return this;
        }

        public AuditEvent Row(string address, DateTimeOffset now) => new(
            now, "anonymous", "", AuditActions.SignIn, "sign-in", AuditOutcomes.Failed,
            address == OtherSources ? null : address, null,
            string.Create(CultureInfo.InvariantCulture,
                $"{Failures} failed sign-in{(Failures == 1 ? "" : "s")} since {Since:O}{(address == OtherSources ? " from other sources" : "")}: {string.Join(", ", _reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} ×{r.Value}"))}"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failures} failed sign-ins not recorded yet: the audit trail is full; they are kept for the next interval")]
    private partial void LogNotRecorded(int failures);
}
