namespace Monitoring.Simulator;

/// <summary>
/// Batch counts at one moment. Each measured batch is in exactly one of accepted, duplicates, refused, lost and
/// waiting; <see cref="Resent"/> counts attempts after a batch's first.
/// </summary>
public sealed record CounterSnapshot(
    long Measured,
    long Accepted,
    long Duplicates,
    long Refused,
    long Lost,
    long Waiting,
    long LargestBacklog,
    long Resent,
    IReadOnlyDictionary<string, long> RefusedBy,
    IReadOnlyDictionary<string, long> LostBy)
{
    /// <summary>Batches the backend has acknowledged, new or already stored.</summary>
    public long Acknowledged => Accepted + Duplicates;
}
