using System.Collections.Concurrent;
using System.Diagnostics;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// Chooses the beds that breach (a temperature of 39.6 °C, a medium alarm with no condition delay that
/// ends by itself with the next normal reading), a few each second in turn, and matches the alarms the
/// unit clients receive to them. A bed breaches again only after <see cref="Rest"/>, so that its last
/// alarm has ended and the next breach raises a new one.
/// </summary>
public sealed class BreachBook(int devices, int clients, SoakClock clock)
{
    public const string AlarmCode = "temp-high";

    public const double BreachTemperature = 39.6;

    public static readonly TimeSpan Rest = TimeSpan.FromSeconds(30);

    private readonly int[] _due = new int[devices];
    private readonly Breach?[] _current = new Breach?[devices];
    private readonly ConcurrentQueue<Breach> _all = new();
    private readonly ConcurrentDictionary<string, bool>[] _alarmsSeen = [.. Enumerable.Range(0, clients).Select(_ => new ConcurrentDictionary<string, bool>())];
    private int _cursor;

    public IReadOnlyCollection<Breach> All => _all;

    /// <summary>Marks up to <paramref name="count"/> beds to breach at their next measurement.</summary>
    public void Request(int count)
    {
        for (var looked = 0; looked < devices && count > 0; looked++)
        {
            var device = _cursor++ % devices;
            if (Volatile.Read(ref _due[device]) == 0
                && (Volatile.Read(ref _current[device]) is not { } last || Stopwatch.GetElapsedTime(last.MeasuredAt) >= Rest))
            {
                Volatile.Write(ref _due[device], 1);
                count--;
            }
        }
    }

    /// <summary>Called as the device measures: whether this measurement is a breach (and then it is recorded).</summary>
    public bool TakeDue(int device)
    {
        if (Interlocked.Exchange(ref _due[device], 0) == 0)
        {
            return false;
        }

        var now = SoakClock.Now;
        var breach = new Breach(device, now, DateTimeOffset.UtcNow, clock.Second(now), clients);
        Volatile.Write(ref _current[device], breach);
        _all.Enqueue(breach);
        return true;
    }

    /// <summary>
    /// An <c>alarm</c> event at a unit client. Only the first arrival of each alarm counts (it comes
    /// again when it changes), and only an alarm raised after the bed's latest breach was measured.
    /// </summary>
    public void OnAlarm(int client, int device, string alarmId, string code, string state, DateTimeOffset raisedAt)
    {
        var received = SoakClock.Now;
        if (code != AlarmCode || state != "active" || !_alarmsSeen[client].TryAdd(alarmId, true)
            || Volatile.Read(ref _current[device]) is not { } breach || raisedAt < breach.MeasuredAtUtc - TimeSpan.FromMilliseconds(50))
        {
            return;
        }

        breach.Arrived(client, Stopwatch.GetElapsedTime(breach.MeasuredAt, received).TotalMilliseconds);
    }

    /// <summary>Latencies (every arrival at every client) of breaches measured in seconds [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public List<double> Latencies(int from, int to) =>
        [.. _all.Where(b => b.Second >= from && b.Second < to).SelectMany(b => b.Latencies())];

    /// <summary>Breaches measured in [<paramref name="from"/>, <paramref name="to"/>) whose alarm reached no client.</summary>
    public int Unseen(int from, int to) => _all.Count(b => b.Second >= from && b.Second < to && !b.SeenByAny);

    public int Count(int from, int to) => _all.Count(b => b.Second >= from && b.Second < to);
}
