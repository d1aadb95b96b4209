using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Gateways;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Gateways;

public sealed class GatewayIdentityTests
{
    private const string Sha256 = "3F:2A:9B:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:01:23:45:67:89:AB:CD:EF:10:32:54:76:98";

    [Fact]
    public void A_gateway_reaching_an_IPv6_listener_over_IPv4_is_known_by_the_IPv4_address_it_was_registered_with()
    {
        var seen = MllpPeer.At(IPAddress.Parse("::ffff:10.20.0.7"));
        var registered = new RegisterGatewayRequest(null, "10.20.0.7", ["monitor-1"]).Validate(out _);

        Assert.Equal("address:10.20.0.7", seen.Identity);
        Assert.Equal(seen.Identity, registered?.Identity);
    }

    [Fact]
    public void A_gateway_with_a_client_certificate_is_known_by_the_certificate_whatever_address_it_comes_from()
    {
        var seen = new MllpPeer(IPAddress.Parse("10.20.0.7"), Sha256.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant());
        var registered = new RegisterGatewayRequest(Sha256, null, ["monitor-1"]).Validate(out _);

        Assert.Equal(seen.Identity, registered?.Identity);
        Assert.StartsWith("certificate:3F2A9B", seen.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registration_names_every_field_at_fault_and_takes_each_device_once()
    {
        var both = new RegisterGatewayRequest(Sha256, "10.20.0.7", ["monitor-1", "bad device", "monitor-1"]);
        var noDevices = new RegisterGatewayRequest(null, null, null);
        var webSocketOnly = new RegisterGatewayRequest(null, null, ["monitor-1"]);
        var shortPrint = new RegisterGatewayRequest("AB:CD", null, []);
        var badAddress = new RegisterGatewayRequest(null, "10.20.0.700", []);
        var good = new RegisterGatewayRequest(null, "10.20.0.7", ["monitor-1", "monitor-2", "monitor-1"]);

        Assert.Null(both.Validate(out var bothProblem));
        Assert.Equal(["certificateThumbprint", "devices[1]", "sourceAddress"], Fields(bothProblem));
        Assert.Null(noDevices.Validate(out var noDevicesProblem));
        Assert.Equal(["devices"], Fields(noDevicesProblem));
        var (identity, devices) = webSocketOnly.Validate(out _)!.Value;
        Assert.Null(identity); // known by its token on its stream, not on MLLP
        Assert.Equal(["monitor-1"], devices);
        Assert.Null(shortPrint.Validate(out var shortProblem));
        Assert.Equal(["certificateThumbprint"], Fields(shortProblem));
        Assert.Null(badAddress.Validate(out var addressProblem));
        Assert.Equal(["sourceAddress"], Fields(addressProblem));
        Assert.Equal(["monitor-1", "monitor-2"], good.Validate(out _)!.Value.Devices);
    }

    [Fact]
    public void A_monitor_registered_by_its_EUI_64_with_dashes_or_in_lower_case_is_the_one_its_HL7_messages_name() =>
        Assert.Equal(
            ["0012A3FFFE4B5C6D", "monitor-1"],
            new RegisterGatewayRequest(null, "10.20.0.7", ["00-12-a3-ff-fe-4b-5c-6d", "0012A3FFFE4B5C6D", "monitor-1"]).Validate(out _)!.Value.Devices);

    private static string[] Fields(IResult? problem) =>
        [.. Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors.Keys.Order(StringComparer.Ordinal)];
}
