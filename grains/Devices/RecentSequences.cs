namespace Monitoring.Devices;

/// <summary>
/// The sequence numbers of the last batches a device delivered, so a batch sent again is recognised.
/// Bounded: a device that restarts its numbering is not locked out once its old numbers age out.
/// </summary>
[GenerateSerializer, Alias("monitoring.recent-sequences")]
public sealed class RecentSequences
{
    /// <summary>About a minute of batches at 1 Hz: far longer than any resend, and small per device.</summary>
    public const int Capacity = 64;

    [NonSerialized]
    private HashSet<long>? _lookup;

    [Id(0)]
    public Queue<long> InArrivalOrder { get; set; } = new();

    private HashSet<long> Lookup => _lookup ??= [.. InArrivalOrder];

    public bool Contains(long sequence) => Lookup.Contains(sequence);

    public void Add(long sequence)
    {
        if (!Lookup.Add(sequence))
        {
            return;
        }

        InArrivalOrder.Enqueue(sequence);
        if (InArrivalOrder.Count > Capacity)
        {
            Lookup.Remove(InArrivalOrder.Dequeue());
        }
    }
}
