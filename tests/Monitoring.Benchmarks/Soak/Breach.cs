namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// One injected breach: when the device measured it, and when its alarm first reached each unit
/// client (milliseconds after the measurement; null while it has not).
/// </summary>
public sealed class Breach(int device, long measuredAt, DateTimeOffset measuredAtUtc, int second, int clients)
{
    private readonly double?[] _latencyMs = new double?[clients];

    public int Device => device;

    public long MeasuredAt => measuredAt;

    public DateTimeOffset MeasuredAtUtc => measuredAtUtc;

    /// <summary>The second of the run it was measured in.</summary>
    public int Second => second;

    public bool SeenByAny
    {
        get
        {
            lock (_latencyMs)
            {
                return _latencyMs.Any(l => l is not null);
            }
        }
    }

    /// <summary>Records the first arrival at <paramref name="client"/>; false when that client had it already.</summary>
    public bool Arrived(int client, double latencyMs)
    {
        lock (_latencyMs)
        {
            if (_latencyMs[client] is not null)
            {
                return false;
            }

            _latencyMs[client] = latencyMs;
            return true;
        }
    }

    /// <summary>Its latency at <paramref name="client"/>, or null if it never arrived there.</summary>
    public double? LatencyAt(int client)
    {
        lock (_latencyMs)
        {
            return _latencyMs[client];
        }
    }

    /// <summary>The latency at every client it reached.</summary>
    public IReadOnlyList<double> Latencies()
    {
        lock (_latencyMs)
        {
            return [.. _latencyMs.Where(l => l is not null).Select(l => l!.Value)];
        }
    }
}
