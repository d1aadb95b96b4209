using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// An allowed MLLP sender speaks only for the devices an admin registered to it (its source address here,
/// 127.0.0.1: <see cref="RunningSystem.LoopbackGateway"/>).
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class MllpGatewayTests(RunningSystem system)
{
    private const string HeartRate = "147842^MDC_ECG_HEART_RATE^MDC";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_gateway_naming_another_gateways_monitor_gets_AR_like_an_unknown_device_nothing_is_stored_no_alarm_sounds_and_the_audit_counts_it()
    {
        // A monitor in use at a bedside, reported by some other gateway, not by this sender.
        var (_, patient, monitor) = await _ward.NewBedAsync(deviceId: Hl7Messages.Eui64());
        var unknown = Hl7Messages.Eui64();
        var since = DateTimeOffset.UtcNow;

        var spoofed = Hl7Ack.Parse(await SendAsync(Hl7Messages.OneReading(monitor, "SPOOF-" + monitor, HeartRate, 25, DateTimeOffset.UtcNow)));
        var guessed = Hl7Ack.Parse(await SendAsync(Hl7Messages.OneReading(unknown, "GUESS-" + unknown, HeartRate, 25, DateTimeOffset.UtcNow)));

        Assert.Equal(("AR", "AR"), (spoofed.Code, guessed.Code));
        // The same answer whether the device is in use or unknown: the sender learns nothing of devices not its own.
        Assert.Equal(
            Assert.Single(guessed.Errors) with { Text = Assert.Single(guessed.Errors).Text.Replace(unknown, "DEVICE", StringComparison.Ordinal) },
            Assert.Single(spoofed.Errors) with { Text = Assert.Single(spoofed.Errors).Text.Replace(monitor, "DEVICE", StringComparison.Ordinal) });
        Assert.Equal("204", spoofed.Errors[0].Code);
        Assert.Equal(0, await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient));
        var seen = await _ward.GetPatientAsync(patient);
        Assert.False(seen.GetProperty("vitals").TryGetProperty("hr", out _), "the spoofed heart rate reached the patient");
        Assert.Equal(0, seen.GetProperty("alarms").GetArrayLength()); // a heart rate of 25 would be an extreme bradycardia

        var row = await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>(
                "select reason from audit_events where action = 'mllp.refused' and subject = 'address:127.0.0.1' and at >= $1 and reason like '%' || $2 || '%' order by at desc limit 1",
                since.UtcDateTime, monitor),
            Deadline, "the refused messages in the audit trail");
        Assert.Contains($"device {monitor} ×1", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_monitor_registered_to_the_gateway_is_taken_until_an_admin_removes_it_from_the_gateway()
    {
        var (_, patient, monitor) = await _ward.NewBedAsync(deviceId: Hl7Messages.Eui64());
        await system.AllowOverMllpAsync(monitor);

        Assert.Equal("AA", Hl7Ack.Parse(await SendAsync(Hl7Messages.OneReading(monitor, "IN-" + monitor, HeartRate, 71, DateTimeOffset.UtcNow))).Code);

        using var removed = await system.Http.DeleteAsync(new Uri($"/api/v1/gateways/{RunningSystem.LoopbackGateway}/devices/{monitor}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("AR", Hl7Ack.Parse(await SendAsync(Hl7Messages.OneReading(monitor, "OUT-" + monitor, HeartRate, 72, DateTimeOffset.UtcNow.AddSeconds(1)))).Code);
        Assert.Equal(1, await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient));
        await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>(
                "select reason from audit_events where action = 'gateway.remove' and resource = $1 and reason = $2",
                $"gateway/{RunningSystem.LoopbackGateway}", $"may no longer report for device {monitor}"),
            Deadline, "the removal in the audit trail");
    }

    [Fact]
    public async Task Registering_a_gateway_needs_an_admin_of_every_unit_names_each_bad_field_refuses_a_taken_identity_and_is_audited()
    {
        var gateway = WardClient.NewId("gw");
        var (monitor, oximeter) = (Hl7Messages.Eui64(), Hl7Messages.Eui64());
        var body = new { sourceAddress = "10.20.30.40", devices = new[] { monitor, oximeter } };

        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(gateway, body, system.Tokens.For("nurse-1", ["nurse"], "*"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(gateway, body, system.Tokens.For("unit-admin", ["admin"], "icu-1"))).StatusCode);

        var invalid = await PutAsync(gateway, new { sourceAddress = "10.20.30.40", certificateThumbprint = "AB", devices = new[] { monitor, "not a device" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sourceAddress", out _) && errors.TryGetProperty("certificateThumbprint", out _) && errors.TryGetProperty("devices[1]", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(gateway, new { sourceAddress = "10.20.30.400", devices = Array.Empty<string>() })).StatusCode);

        using var registered = await PutAsync(gateway, body);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var answer = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("10.20.30.40", 2), (answer.GetProperty("sourceAddress").GetString(), answer.GetProperty("devices").GetArrayLength()));
        Assert.Equal(
            "registered as address:10.20.30.40 for 2 devices",
            await Poll.UntilAsync(
                () => system.Database.ScalarAsync<string?>("select reason from audit_events where action = 'gateway.register' and resource = $1 and outcome = 'success'", $"gateway/{gateway}"),
                Deadline, "the registration in the audit trail"));
        // Both refusals, written before the registration (one queue, in order).
        Assert.Equal(
            2L,
            await system.Database.ScalarAsync<long>(
                "select count(*) from audit_events where action = 'gateway.register' and resource in ($1, $2) and outcome = 'denied'", $"gateway/{gateway}", $"/api/v1/gateways/{gateway}"));

        // The tests' own sender is registered at 127.0.0.1: a second gateway cannot take its address.
        await system.AllowOverMllpAsync(monitor);
        var taken = await PutAsync(WardClient.NewId("gw"), new { sourceAddress = "127.0.0.1", devices = new[] { oximeter } });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task An_MLLP_gateway_registered_again_with_its_devices_alone_keeps_its_address_and_may_also_stream()
    {
        var (_, patient, monitor) = await _ward.NewBedAsync(deviceId: Hl7Messages.Eui64());
        var gateway = WardClient.NewId("gw");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(gateway, new { sourceAddress = "10.20.30.41", devices = Array.Empty<string>() })).StatusCode);

        using var again = await PutAsync(gateway, new { devices = new[] { monitor } });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var answer = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("10.20.30.41", 1), (answer.GetProperty("sourceAddress").GetString(), answer.GetProperty("devices").GetArrayLength()));
        await using var stream = await StreamClient.OpenGatewayAsync(system, gateway);
        await stream.SendBatchAsync(1, monitor, ("hr", 68));
        Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
        Assert.Equal(68, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
    }

    private async Task<HttpResponseMessage> PutAsync(string gatewayId, object body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/gateways/{gatewayId}", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = TestTokens.Bearer(token);
        }

        return await system.Http.SendAsync(request);
    }

    private async Task<string> SendAsync(string message)
    {
        await using var client = await MllpClient.ConnectAsync(system.MllpPort);
        return await client.SendAsync(message);
    }
}
