using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>A system whose ADT listener takes only the patient administration system's network (10.99.0.0/16); the device listener takes any source.</summary>
public sealed class AdtAllowlistSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Adt__Mllp__AllowedSources__0"] = "10.99.0.0/16",
});

public sealed class AdtListenerSecurityTests(AdtAllowlistSystem system) : IClassFixture<AdtAllowlistSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_source_not_on_the_ADT_allowlist_is_closed_without_an_ACK_and_admits_nobody_while_the_device_listener_still_answers()
    {
        var feed = new AdtFeed(system);
        var (unit, patient) = (WardClient.NewId("unit"), WardClient.NewId("p"));
        await feed.MapAsync("4WEST", "401", "1", unit, "1");
        await using var client = await MllpClient.ConnectAsync(system.AdtPort);

        var refused = await MllpSecurity.IsRefusedAsync(client, AdtFeed.Message("A01", WardClient.NewId("A01"), patient, DateTimeOffset.UtcNow, "4WEST^401^1"), Deadline);

        Assert.True(refused);
        await MllpSecurity.WaitForLogAsync(system, "MLLP connection from 127.0.0.1 refused: not in Adt:Mllp:AllowedSources");
        Assert.Null(await feed.WhereAsync(patient));
        // The device listener has its own allowlist (none): the same source is answered there.
        await using var gateway = await MllpClient.ConnectAsync(system.MllpPort);
        var ack = Hl7Ack.Parse(await gateway.SendAsync(Hl7Messages.OneReading(Hl7Messages.Eui64(), "C1", MllpSecurity.HeartRate, 70, DateTimeOffset.UtcNow), Deadline));
        Assert.Equal("AR", ack.Code);
    }
}
