using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// PostgreSQL goes away while a device streams: alarms still reach the dashboard, readiness says
/// degraded, and once the database is back every accepted reading is in the history exactly once.
/// When the outage outlasts the buffer, readings are refused (503 with Retry-After, HL7 AE), not lost.
/// </summary>
public sealed class DatabaseOutageTests(OutageSystem system) : IClassFixture<OutageSystem>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(250);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task During_an_outage_alarms_still_reach_the_dashboard_and_afterwards_every_accepted_reading_is_stored_once()
    {
        await Poll.UntilAsync(AdmissionTakenAsync, TimeSpan.FromSeconds(30), "an admission taken (the other case's outage over)");
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        var accepted = 0;
        var sequence = 0L;
        async Task<HttpStatusCode> SendAsync(params (string Code, double Value)[] readings)
        {
            var response = await _ward.PostReadingsAsync(device, ++sequence, readings);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted += readings.Length;
            }

            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(("hr", 72), ("spo2", 97)));
        system.Proxy.GoDown();
        var statuses = new List<HttpStatusCode>();
        var outage = DateTimeOffset.UtcNow;

        // The device streams through the outage; half-way, its patient's blood pressure falls.
        var breachSent = false;
        while (DateTimeOffset.UtcNow - outage < Outage)
        {
            var breach = !breachSent && DateTimeOffset.UtcNow - outage > Outage / 2;
            statuses.Add(breach ? await SendAsync(("hr", 75), ("sbp", 80)) : await SendAsync(("hr", 72), ("spo2", 97)));
            breachSent |= breach;
            await Task.Delay(BatchInterval); // the device's own pace, not a wait for the system
        }

        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), TimeSpan.FromSeconds(2), "the alarm raised during the outage");
        var readiness = await system.Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode); // degraded, still taking readings
        Assert.Contains("Degraded", await readiness.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(statuses.All(s => s == HttpStatusCode.Accepted), $"not all accepted: {string.Join(",", statuses.Select(s => (int)s))}\n{Tail(system.Logs)}");

        system.Proxy.ComeBack();
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(("hr", 71), ("spo2", 98)));

        var stored = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) is var rows && rows >= accepted ? rows : (long?)null,
            TimeSpan.FromSeconds(30),
            $"the {accepted} accepted readings in the history");
        Assert.Equal(accepted, stored);
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from alarm_history where patient_id = $1 and code = 'sbp-low' and reason = 'raised'", patient) == 1 ? true : (bool?)null,
            TimeSpan.FromSeconds(30),
            "the alarm in the alarm history\n" + Tail(system.Logs));
    }

    [Fact]
    public async Task When_the_buffer_fills_during_an_outage_readings_are_refused_for_resending_and_none_accepted_is_lost()
    {
        await Poll.UntilAsync(AdmissionTakenAsync, TimeSpan.FromSeconds(30), "an admission taken (the other case's outage over)");
        var (_, patient, device) = await _ward.NewBedAsync();
        var (gateway, gatewayPatient) = (Hl7Messages.Eui64(), WardClient.NewId("p"));
        await _ward.AdmitAsync(gatewayPatient, WardClient.NewId("unit"), "1");
        await _ward.BindAsync(gateway, gatewayPatient);
        await system.AllowOverMllpAsync(gateway);
        await using (var before = await MllpClient.ConnectAsync(system.MllpPort))
        {
            // Heard from before the outage: its devices are known to the api while PostgreSQL is out.
            Assert.Contains("MSA|AA|BEFORE-1", await before.SendAsync(Hl7Messages.OneReading(gateway, "BEFORE-1", "147842^MDC_ECG_HEART_RATE^MDC", 72, DateTimeOffset.UtcNow)), StringComparison.Ordinal);
        }

        system.Proxy.GoDown();

        // Batches of 200 readings until the 1,000-reading buffer is full.
        var (accepted, sequence) = (0, 0L);
        HttpResponseMessage refused;
        while (true)
        {
            var answer = await PostManyAsync(device, ++sequence, 200);
            if (answer.StatusCode != HttpStatusCode.Accepted)
            {
                refused = answer;
                break;
            }

            accepted += 200;
            Assert.True(accepted <= 1000, "the buffer took more than its capacity");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After on the refusal");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // A gateway on MLLP is told AE, so it sends the message again.
        await using (var mllp = await MllpClient.ConnectAsync(system.MllpPort))
        {
            var ack = await mllp.SendAsync(Hl7Messages.OneReading(gateway, "FULL-1", "147842^MDC_ECG_HEART_RATE^MDC", 70, DateTimeOffset.UtcNow));
            Assert.Contains("MSA|AE|FULL-1", ack, StringComparison.Ordinal);
            Assert.Contains("Busy; nothing was stored", ack, StringComparison.Ordinal);
        }

        // An admission needs the census table: it is refused for resending, and takes once PostgreSQL is back.
        var (late, lateUnit) = (WardClient.NewId("p"), WardClient.NewId("unit"));
        var admission = await system.Http.PostAsJsonAsync("/api/v1/patients", new { patientId = late, unitId = lateUnit, bed = "1" });
        Assert.True(admission.StatusCode == HttpStatusCode.ServiceUnavailable, $"the admission got {(int)admission.StatusCode}\n{Tail(system.Logs)}");
        Assert.True(admission.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After on the refused admission");
        Assert.Contains("nothing was stored", await admission.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Orleans' own storage errors name the grain: the logs show the patient's keyed hash instead.
        await Poll.UntilAsync(() => Task.FromResult(system.Logs.Contains("GrainId=patient:#", StringComparison.Ordinal) ? true : (bool?)null), TimeSpan.FromSeconds(10), "Orleans' storage error in the silo's log");
        Assert.DoesNotContain(late, system.Logs, StringComparison.Ordinal);

        // PostgreSQL returns: the buffer drains and the device's next batch is taken (the refused one is not resent here).
        system.Proxy.ComeBack();
        await Poll.UntilAsync(
            async () => (await PostManyAsync(device, sequence + 1, 1)).StatusCode == HttpStatusCode.Accepted ? true : (bool?)null,
            TimeSpan.FromSeconds(30),
            "a batch accepted once PostgreSQL is back");
        accepted += 1;
        await _ward.AdmitAsync(late, lateUnit, "1");
        Assert.Equal(lateUnit, (await _ward.GetPatientAsync(late)).GetProperty("unitId").GetString());

        // The buffered readings are written as PostgreSQL takes them (some batches may still be waiting out a retry).
        var stored = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) is var rows && rows >= accepted ? rows : (long?)null,
            TimeSpan.FromSeconds(30),
            $"the {accepted} accepted readings in the history");
        Assert.Equal(accepted, stored);
        // The gateway's reading from before the outage, not the one refused while the buffer was full.
        Assert.Equal(1, await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", gatewayPatient));
    }

    [Fact]
    public async Task When_the_buffer_fills_during_an_outage_a_streams_batches_are_answered_503_and_resent_afterwards_none_accepted_is_lost()
    {
        await Poll.UntilAsync(AdmissionTakenAsync, TimeSpan.FromSeconds(30), "an admission taken (the other case's outage over)");
        var (_, patient, device) = await _ward.NewBedAsync();
        var (_, gatewayPatient, gatewayDevice) = await _ward.NewBedAsync();
        var gateway = await system.RegisterStreamingGatewayAsync(gatewayDevice);

        await using var stream = await StreamClient.OpenDeviceAsync(system, device);
        await using var gatewayStream = await StreamClient.OpenGatewayAsync(system, gateway);
        // Heard from before the outage: the gateway's devices are known to the api while PostgreSQL is out.
        await gatewayStream.SendBatchAsync(1, gatewayDevice, ("hr", 72));
        Assert.Equal(202, (await gatewayStream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());

        system.Proxy.GoDown();
        try
        {
            // Batches of 200 readings until the 1,000-reading buffer is full.
            var (accepted, sequence) = (0, 0L);
            var start = DateTimeOffset.UtcNow;
            System.Text.Json.JsonElement refused;
            while (true)
            {
                await stream.SendTextAsync(ManyReadings(++sequence, start.AddSeconds(sequence), 200));
                var answer = (await stream.ReceiveAsync())!.Value;
                Assert.Equal(sequence, answer.GetProperty("sequence").GetInt64());
                if (answer.GetProperty("status").GetInt32() != 202)
                {
                    refused = answer;
                    break;
                }

                accepted += answer.GetProperty("accepted").GetInt32();
                Assert.True(accepted <= 1000, "the buffer took more than its capacity");
            }

            Assert.Equal(503, refused.GetProperty("status").GetInt32());
            Assert.True(refused.GetProperty("retryAfter").GetInt32() > 0, refused.ToString());
            await gatewayStream.SendBatchAsync(2, gatewayDevice, ("hr", 73));
            var gatewayRefused = (await gatewayStream.ReceiveAsync())!.Value;
            Assert.Equal((503, gatewayDevice), (gatewayRefused.GetProperty("status").GetInt32(), gatewayRefused.GetProperty("deviceId").GetString()));

            // PostgreSQL returns: both senders send the refused batch again, on the same streams, until it is taken.
            system.Proxy.ComeBack();
            var refusedAt = start.AddSeconds(sequence);
            var taken = await Poll.UntilAsync(
                async () =>
                {
                    await stream.SendTextAsync(ManyReadings(sequence, refusedAt, 200));
                    var again = (await stream.ReceiveAsync())!.Value;
                    return again.GetProperty("status").GetInt32() == 202 ? again.GetProperty("accepted").GetInt32() : (int?)null;
                },
                TimeSpan.FromSeconds(30), "the refused batch taken once PostgreSQL is back");
            accepted += taken!.Value;
            var gatewayResent = DateTimeOffset.UtcNow;
            await Poll.UntilAsync(
                async () =>
                {
                    await gatewayStream.SendBatchAsync(2, gatewayResent, gatewayDevice, ("hr", 73));
                    return (await gatewayStream.ReceiveAsync())!.Value.GetProperty("status").GetInt32() == 202 ? true : (bool?)null;
                },
                TimeSpan.FromSeconds(30), "the gateway's refused batch taken once PostgreSQL is back");

            var stored = await Poll.UntilAsync(
                async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) is var rows && rows >= accepted ? rows : (long?)null,
                TimeSpan.FromSeconds(30),
                $"the {accepted} accepted readings in the history");
            Assert.Equal(accepted, stored);
            Assert.Equal(
                2L,
                await Poll.UntilAsync(
                    async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", gatewayPatient) is >= 2 and var rows ? rows : (long?)null,
                    TimeSpan.FromSeconds(30), "the gateway's two batches in the history"));
            Assert.Null(stream.CloseStatus); // the streams stayed open throughout
            Assert.Null(gatewayStream.CloseStatus);
        }
        finally
        {
            system.Proxy.ComeBack();
        }
    }

    /// <summary>A stream message of <paramref name="count"/> heart rates, a millisecond apart from <paramref name="start"/>.</summary>
    private static string ManyReadings(long sequence, DateTimeOffset start, int count) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            sequence,
            readings = Enumerable.Range(0, count).Select(i => new { code = "hr", value = 72, at = start.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture) }),
        });

    /// <summary>A batch of <paramref name="count"/> heart rates, a millisecond apart, so each is a reading of its own.</summary>
    private Task<HttpResponseMessage> PostManyAsync(string device, long sequence, int count)
    {
        var start = DateTimeOffset.UtcNow; // measured after the binding (readings from before it are refused)
        return system.Http.PostAsJsonAsync($"/api/v1/devices/{device}/readings", new
        {
            sequence,
            readings = Enumerable.Range(0, count).Select(i => new { code = "hr", value = 72, at = start.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture) }),
        });
    }

    private static string Tail(string logs) => string.Join("\n", logs.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal)).Select(l => l.Length > 700 ? l[..700] : l).TakeLast(12));

    /// <summary>
    /// An admission and a device's binding are taken, not answered 503: the cases share a system, and right after
    /// one ends its outage, a statement left on a connection of the outage can still fail and open it again for a moment.
    /// </summary>
    private async Task<bool?> AdmissionTakenAsync()
    {
        var patient = WardClient.NewId("probe");
        using var admission = await system.Http.PostAsJsonAsync("/api/v1/patients", new { patientId = patient, unitId = WardClient.NewId("probe-unit"), bed = "1" });
        if (!admission.IsSuccessStatusCode)
        {
            return null;
        }

        using var binding = await system.Http.PutAsJsonAsync($"/api/v1/devices/{WardClient.NewId("probe-dev")}/binding", new { patientId = patient });
        return binding.IsSuccessStatusCode ? true : null;
    }
}
