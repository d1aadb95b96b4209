using Monitoring.Api.Units;

namespace Monitoring.UnitTests.Ingestion;

public sealed class BedOrderTests
{
    [Fact]
    public void Beds_sort_as_people_number_them() =>
        Assert.Equal(["1", "2", "10", "12", "A", "iso-1"], new[] { "12", "iso-1", "2", "A", "10", "1" }.Order(BedOrder.Instance));
}
