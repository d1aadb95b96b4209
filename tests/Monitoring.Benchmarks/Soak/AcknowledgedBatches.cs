namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// Every batch the api acknowledged, per device, by the time its readings were measured (Unix
/// milliseconds, as they are written in the request): what the history must hold at the end.
/// </summary>
public sealed class AcknowledgedBatches(int devices)
{
    private readonly List<long>[] _accepted = [.. Enumerable.Range(0, devices).Select(_ => new List<long>())];
    private long _duplicates;

    /// <summary>Acknowledgements that said the api had the batch already (its first answer was lost).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public int Devices => devices;

    public void Add(int device, DateTimeOffset measuredAt, bool duplicate)
    {
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicates);
        }

        var list = _accepted[device];
        lock (list)
        {
            list.Add(measuredAt.ToUnixTimeMilliseconds());
        }
    }

    /// <summary>The measurement times of a device's acknowledged batches, each once.</summary>
    public IReadOnlySet<long> Of(int device)
    {
        var list = _accepted[device];
        lock (list)
        {
            return list.ToHashSet();
        }
    }
}
