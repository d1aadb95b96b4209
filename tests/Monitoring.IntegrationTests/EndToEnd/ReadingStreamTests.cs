using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// Bedside devices and their gateways keep one WebSocket open instead of a request a second: each batch is
/// answered by an acknowledgement naming it, a resent batch is a duplicate, alarms are raised as over HTTP, and
/// a stream lasts no longer than its token. A gateway streams only for the devices registered to it.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ReadingStreamTests(RunningSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_monitor_streams_its_batches_each_is_acknowledged_by_sequence_a_resent_one_is_a_duplicate_and_a_heart_rate_of_25_alarms()
    {
        var (_, patient, monitor) = await _ward.NewBedAsync();
        await using var stream = await StreamClient.OpenDeviceAsync(system, monitor);

        await stream.SendBatchAsync(1, null, ("hr", 72), ("spo2", 97));
        await stream.SendBatchAsync(2, null, ("hr", 74));
        await stream.SendBatchAsync(3, null, ("hr", 25)); // extreme bradycardia
        var acknowledgements = (await stream.ReceiveAsync(3)).OrderBy(a => a.GetProperty("sequence").GetInt64()).ToList();

        Assert.Equal([1L, 2L, 3L], acknowledgements.Select(a => a.GetProperty("sequence").GetInt64()));
        Assert.All(acknowledgements, a => Assert.Equal((202, false), (a.GetProperty("status").GetInt32(), a.GetProperty("duplicate").GetBoolean())));
        Assert.Equal([2, 1, 1], acknowledgements.Select(a => a.GetProperty("accepted").GetInt32()));

        await stream.SendBatchAsync(2, null, ("hr", 74));
        var resent = (await stream.ReceiveAsync())!.Value;
        Assert.Equal((2L, 202, true, 0), (resent.GetProperty("sequence").GetInt64(), resent.GetProperty("status").GetInt32(), resent.GetProperty("duplicate").GetBoolean(), resent.GetProperty("accepted").GetInt32()));

        Assert.Equal(25, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
        await Poll.UntilAsync(
            async () => (await _ward.GetPatientAsync(patient)).GetProperty("alarms").EnumerateArray().Any(a => a.GetProperty("code").GetString() == "hr-extreme-low") ? true : (bool?)null,
            Deadline, "the extreme bradycardia alarm");
        var stored = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) is 4 and var rows ? rows : (long?)null,
            Deadline, "the four readings in the history");
        Assert.Equal(4, stored);
    }

    [Fact]
    public async Task A_bad_batch_on_the_stream_is_answered_400_naming_the_field_and_the_stream_goes_on()
    {
        var (_, patient, monitor) = await _ward.NewBedAsync();
        await using var stream = await StreamClient.OpenDeviceAsync(system, monitor);

        await stream.SendTextAsync("""{"sequence":7,"readings":[{"code":"hr","value":"fast","at":"2026-12-06T10:00:00Z"}]}""");
        var refused = (await stream.ReceiveAsync())!.Value;
        Assert.Equal((7L, 400), (refused.GetProperty("sequence").GetInt64(), refused.GetProperty("status").GetInt32()));
        Assert.True(refused.GetProperty("errors").TryGetProperty("readings[0].value", out _), refused.ToString());

        await stream.SendTextAsync("{not json");
        var malformed = (await stream.ReceiveAsync())!.Value;
        Assert.Equal(400, malformed.GetProperty("status").GetInt32());
        Assert.False(malformed.TryGetProperty("sequence", out _));

        await stream.SendBatchAsync(8, null, ("hr", 70));
        Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
        var stored = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) is > 0 and var rows ? rows : (long?)null,
            Deadline, "the good batch in the history");
        Assert.Equal(1, stored); // only the batch that was taken
    }

    [Fact]
    public async Task A_device_may_open_only_its_own_stream_a_nurse_none_and_a_refusal_is_audited()
    {
        var (_, _, monitor) = await _ward.NewBedAsync();
        var other = WardClient.NewId("dev");

        var asOther = await Assert.ThrowsAsync<WebSocketException>(() => StreamClient.OpenDeviceAsync(system, monitor, system.Tokens.Device(other)));
        Assert.Equal("HTTP 403", asOther.Message);
        var asNurse = await Assert.ThrowsAsync<WebSocketException>(() => StreamClient.OpenDeviceAsync(system, monitor, system.Tokens.For("nurse-1", ["nurse"], "*")));
        Assert.Equal("HTTP 403", asNurse.Message);
        var expired = await Assert.ThrowsAsync<WebSocketException>(() => StreamClient.OpenDeviceAsync(system, monitor, system.Tokens.Expired(monitor, ["device"])));
        Assert.Equal("HTTP 401", expired.Message);

        await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>(
                "select reason from audit_events where action = 'readings.post' and resource = $1 and subject = $2 and outcome = 'denied'", $"device/{monitor}", other),
            Deadline, "the refused stream in the audit trail");
    }

    [Fact]
    public async Task A_plain_request_to_the_stream_is_answered_426_saying_it_is_a_WebSocket()
    {
        var (_, _, monitor) = await _ward.NewBedAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/devices/{monitor}/stream", UriKind.Relative));
        request.Headers.Authorization = TestTokens.Bearer(system.Tokens.Device(monitor));
        using var answer = await system.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.UpgradeRequired, answer.StatusCode);
        Assert.Equal("websocket", answer.Headers.Upgrade.ToString());
        Assert.Contains("WebSocket", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_its_token_expires_the_stream_answers_what_it_took_and_closes_1008_and_a_new_token_streams_on()
    {
        var (_, patient, monitor) = await _ward.NewBedAsync();
        var shortLived = Monitoring.Security.DevelopmentTokens.Mint(system.Tokens.SigningKey, monitor, ["device"], [], TimeSpan.FromSeconds(3));
        await using var stream = await StreamClient.OpenDeviceAsync(system, monitor, shortLived);
        await stream.SendBatchAsync(1, null, ("hr", 71));
        Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());

        // Nothing more is sent: the server closes the stream when the token expires.
        var after = await stream.ReadUntilClosedAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(after);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, stream.CloseStatus);
        Assert.Contains("token has expired", stream.CloseReason, StringComparison.Ordinal);
        await using var renewed = await StreamClient.OpenDeviceAsync(system, monitor);
        await renewed.SendBatchAsync(2, null, ("hr", 72));
        Assert.Equal(202, (await renewed.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
        Assert.Equal(72, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_monitor_that_connects_again_replaces_its_older_stream_which_closes_1008_and_the_new_one_is_taken()
    {
        var (_, patient, monitor) = await _ward.NewBedAsync();
        await using var older = await StreamClient.OpenDeviceAsync(system, monitor);
        await older.SendBatchAsync(1, null, ("hr", 70));
        Assert.Equal(202, (await older.ReceiveAsync())!.Value.GetProperty("status").GetInt32());

        // Its network came back; the old connection is still open as far as the api knows.
        await using var newer = await StreamClient.OpenDeviceAsync(system, monitor);

        Assert.Empty(await older.ReadUntilClosedAsync(Deadline));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, older.CloseStatus);
        Assert.Contains("newer stream", older.CloseReason, StringComparison.Ordinal);
        await newer.SendBatchAsync(2, null, ("hr", 71));
        Assert.Equal(202, (await newer.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
        Assert.Equal(71, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_binary_message_closes_the_stream_1003_saying_to_send_text()
    {
        var (_, _, monitor) = await _ward.NewBedAsync();
        await using var stream = await StreamClient.OpenDeviceAsync(system, monitor);
        await stream.SendBinaryAsync([1, 2, 3]);
        Assert.Empty(await stream.ReadUntilClosedAsync(Deadline));
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, stream.CloseStatus);
    }

    [Fact]
    public async Task A_gateway_streams_for_its_registered_monitors_and_a_monitor_not_registered_to_it_is_refused_403_stored_nowhere_and_audited()
    {
        var (_, first, firstMonitor) = await _ward.NewBedAsync();
        var (_, second, secondMonitor) = await _ward.NewBedAsync();
        var (_, elsewhere, elsewhereMonitor) = await _ward.NewBedAsync(); // in use, reported by some other gateway
        var gateway = WardClient.NewId("gw");
        using (var registered = await system.Http.PutAsJsonAsync($"/api/v1/gateways/{gateway}", new { devices = new[] { firstMonitor, secondMonitor } }))
        {
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
            var answer = await registered.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(JsonValueKind.Null, answer.GetProperty("sourceAddress").ValueKind);
        }

        await using var stream = await StreamClient.OpenGatewayAsync(system, gateway);
        await stream.SendBatchAsync(1, firstMonitor, ("hr", 81));
        await stream.SendBatchAsync(1, secondMonitor, ("spo2", 95));
        await stream.SendBatchAsync(1, elsewhereMonitor, ("hr", 25));
        var byDevice = (await stream.ReceiveAsync(3)).ToDictionary(a => a.GetProperty("deviceId").GetString()!);

        Assert.Equal(202, byDevice[firstMonitor].GetProperty("status").GetInt32());
        Assert.Equal(202, byDevice[secondMonitor].GetProperty("status").GetInt32());
        Assert.Equal((403, 1L), (byDevice[elsewhereMonitor].GetProperty("status").GetInt32(), byDevice[elsewhereMonitor].GetProperty("sequence").GetInt64()));
        Assert.Equal(81, (await _ward.GetPatientAsync(first)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
        Assert.Equal(95, (await _ward.GetPatientAsync(second)).GetProperty("vitals").GetProperty("spo2").GetProperty("value").GetDouble());
        var spoofed = await _ward.GetPatientAsync(elsewhere);
        Assert.False(spoofed.GetProperty("vitals").TryGetProperty("hr", out _), "the spoofed heart rate reached the patient");
        Assert.Equal(0, spoofed.GetProperty("alarms").GetArrayLength());

        var row = await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>(
                "select reason from audit_events where action = 'gateway.refused' and subject = $1 and outcome = 'denied' order by at desc limit 1", gateway),
            Deadline, "the refused batch in the audit trail");
        Assert.Contains($"device {elsewhereMonitor} ×1", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_monitor_whose_batch_waits_for_its_commit_holds_back_no_other_monitors_answer_on_the_same_gateway()
    {
        var (_, beds) = await _ward.NewWardAsync(2);
        var ((_, waiting), (_, resending)) = (beds[0], beds[1]);
        var gateway = await system.RegisterStreamingGatewayAsync(waiting, resending);
        await using var stream = await StreamClient.OpenGatewayAsync(system, gateway);
        await stream.SendBatchAsync(1, resending, ("hr", 70));
        Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());

        // The history's table is held by someone else: the first monitor's new batch is taken and waits for its
        // commit, while the second monitor's resent batch, already stored, needs none.
        await using var holder = await system.Database.DataSource.OpenConnectionAsync();
        var holding = await holder.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("lock table vitals_batches in share mode", holder, holding))
        {
            await take.ExecuteNonQueryAsync();
        }

        JsonElement first;
        try
        {
            await stream.SendBatchAsync(1, waiting, ("hr", 80));
            await stream.SendBatchAsync(1, resending, ("hr", 70));
            first = (await stream.ReceiveAsync())!.Value;
        }
        finally
        {
            await holding.CommitAsync();
            await holding.DisposeAsync();
        }

        // The first answer is the resent batch's, not held back behind the one waiting for its commit.
        Assert.Equal((resending, 202, true), (first.GetProperty("deviceId").GetString(), first.GetProperty("status").GetInt32(), first.GetProperty("duplicate").GetBoolean()));
        var committed = (await stream.ReceiveAsync())!.Value;
        Assert.Equal((waiting, 202, false), (committed.GetProperty("deviceId").GetString(), committed.GetProperty("status").GetInt32(), committed.GetProperty("duplicate").GetBoolean()));
    }

    [Fact]
    public async Task A_gateway_naming_its_monitor_by_its_EUI_64_spelt_with_dashes_in_lower_case_reaches_that_monitors_patient()
    {
        var (_, patient, monitor) = await _ward.NewBedAsync(deviceId: Hl7Messages.Eui64()); // 16 upper-case hex digits, as HL7 names it
        var gateway = await system.RegisterStreamingGatewayAsync(monitor);

        var spelt = string.Join('-', monitor.Chunk(2).Select(pair => new string(pair))).ToLowerInvariant();
        await using var stream = await StreamClient.OpenGatewayAsync(system, gateway);
        await stream.SendBatchAsync(1, spelt, ("hr", 66));

        var answer = (await stream.ReceiveAsync())!.Value;
        Assert.Equal((202, spelt), (answer.GetProperty("status").GetInt32(), answer.GetProperty("deviceId").GetString()));
        Assert.Equal(66, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_gateway_may_open_only_its_own_stream_and_a_device_removed_from_it_is_refused_from_then_on()
    {
        var (_, _, monitor) = await _ward.NewBedAsync();
        var gateway = await system.RegisterStreamingGatewayAsync(monitor);
        var other = WardClient.NewId("gw");

        var asOther = await Assert.ThrowsAsync<WebSocketException>(() => StreamClient.OpenGatewayAsync(system, gateway, system.Tokens.For(other, ["gateway"])));
        Assert.Equal("HTTP 403", asOther.Message);
        var asDevice = await Assert.ThrowsAsync<WebSocketException>(() => StreamClient.OpenGatewayAsync(system, gateway, system.Tokens.Device(gateway)));
        Assert.Equal("HTTP 403", asDevice.Message);

        await using var stream = await StreamClient.OpenGatewayAsync(system, gateway);
        await stream.SendBatchAsync(1, monitor, ("hr", 70));
        Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
        using (var removed = await system.Http.DeleteAsync(new Uri($"/api/v1/gateways/{gateway}/devices/{monitor}", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, removed.StatusCode);
        }

        await stream.SendBatchAsync(2, monitor, ("hr", 71));
        Assert.Equal(403, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
    }
}
