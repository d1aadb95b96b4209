using System.Net;
using Monitoring.Api.Mllp;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

public sealed class MllpConnectionDevicesTests
{
    [Fact]
    public void A_bedside_monitors_own_connection_never_holds_back_other_devices()
    {
        var connections = new MllpConnectionDevices();
        var monitor = MllpPeer.At(IPAddress.Parse("10.0.0.7"));

        Assert.All(Enumerable.Range(0, 5), _ => Assert.False(connections.CarriesSeveralDevices(monitor, "0123456789ABCDEF")));
    }

    [Fact]
    public void A_gateway_connection_holds_back_its_other_devices_from_its_second_device_on()
    {
        var connections = new MllpConnectionDevices();
        var gateway = MllpPeer.At(IPAddress.Parse("10.0.0.9"));

        Assert.False(connections.CarriesSeveralDevices(gateway, "0000000000000001"));
        Assert.True(connections.CarriesSeveralDevices(gateway, "0000000000000002"));
        Assert.True(connections.CarriesSeveralDevices(gateway, "0000000000000001"));
    }

    [Fact]
    public void Each_connection_is_counted_apart_even_from_the_same_address()
    {
        var connections = new MllpConnectionDevices();
        var (first, second) = (MllpPeer.At(IPAddress.Parse("10.0.0.9")), MllpPeer.At(IPAddress.Parse("10.0.0.9")));

        connections.CarriesSeveralDevices(first, "0000000000000001");
        Assert.True(connections.CarriesSeveralDevices(first, "0000000000000002"));
        Assert.False(connections.CarriesSeveralDevices(second, "0000000000000003"));
    }
}
