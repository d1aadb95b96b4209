using Monitoring.Devices;

namespace Monitoring.UnitTests.Devices;

public sealed class RecentSequencesTests
{
    [Fact]
    public void A_delivered_sequence_is_recognised()
    {
        var delivered = new RecentSequences();
        delivered.Add(42);

        Assert.True(delivered.Contains(42));
        Assert.False(delivered.Contains(43));
    }

    [Fact]
    public void Only_the_most_recent_sequences_are_kept_so_a_device_that_restarts_its_numbering_is_not_locked_out()
    {
        var delivered = new RecentSequences();
        for (var sequence = 0; sequence <= RecentSequences.Capacity; sequence++)
        {
            delivered.Add(sequence);
        }

        Assert.False(delivered.Contains(0));
        Assert.True(delivered.Contains(1));
        Assert.True(delivered.Contains(RecentSequences.Capacity));
        Assert.Equal(RecentSequences.Capacity, delivered.InArrivalOrder.Count);
    }

    [Fact]
    public void The_lookup_is_rebuilt_from_the_stored_order_after_a_reload()
    {
        var stored = new RecentSequences { InArrivalOrder = new Queue<long>([5, 6, 7]) };

        Assert.True(stored.Contains(6));
        Assert.False(stored.Contains(8));
    }
}
