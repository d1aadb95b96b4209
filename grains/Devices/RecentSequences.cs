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

    // A scan of 64 numbers costs less than a hash set's lookup would save, and a set would triple the
    // memory of every streaming device (about 2 KB each).
    [Id(0)]
    public Queue<long> InArrivalOrder { get; set; } = new(Capacity + 1);

    public bool Contains(long sequence) => InArrivalOrder.Contains(sequence);

    public void Add(long sequence)
    {
        if (InArrivalOrder.Contains(sequence))
        {
            return;
        }

        InArrivalOrder.Enqueue(sequence);
        if (InArrivalOrder.Count > Capacity)
        {
            InArrivalOrder.Dequeue();
        }
    }
}
