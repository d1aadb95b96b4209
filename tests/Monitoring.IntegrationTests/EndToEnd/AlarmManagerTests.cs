using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.Alarms;
using Monitoring.Hl7;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Simulator.AlarmManager;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// Alarms out to the hospital's alarm manager over IHE PCD-04, end to end: readings over HTTP, the patient
/// grain, the alarm history and its queue in PostgreSQL, the silo's link over real MLLP to the simulator's
/// stand-in manager, which takes each alert once.
/// </summary>
public sealed class AlarmManagerTests(AlarmManagerSystem system) : IClassFixture<AlarmManagerSystem>
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_desaturation_reaches_the_alarm_manager_as_it_starts_escalates_for_want_of_a_page_is_acknowledged_and_ends()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("7");
        await _ward.PostReadingsAsync(device, 1, ("spo2", 75));

        var start = await system.AlertAsync(a => a.PatientId == patient && a.Phase == "start" && a.Event == "MDC_EVT_LO", "the desaturation's start");
        Assert.Equal(("MDC_EVT_LO", "PH", "SP", unit, "7"), (start.Event, start.Priority, start.AlertType, start.Unit, start.Bed));

        // Nobody reported it delivered within the 5 s deadline: it went to on-call at once, and the manager heard so.
        var escalate = await system.AlertAsync(a => a.AlertId == start.AlertId && a.Phase == "escalate", "the escalation for want of a page");
        var escalated = (await _ward.GetPatientAsync(patient)).GetProperty("alarms").EnumerateArray().Single(a => a.GetProperty("alarmId").GetString() == start.AlertId);
        Assert.Equal(1, escalated.GetProperty("escalationLevel").GetInt32());
        Assert.Equal("alarm-manager", await system.Database.ScalarAsync<string>(
            "select actor from alarm_history where alarm_id = $1 and reason = 'escalated'", start.AlertId));            // the deadline, not the unit's 30 s

        (await _ward.AcknowledgeAsync(start.AlertId, "nurse-7")).EnsureSuccessStatusCode();
        await _ward.PostReadingsAsync(device, 2, ("spo2", 97));
        var end = await system.AlertAsync(a => a.AlertId == start.AlertId && a.Phase == "end", "the end of the alert");

        var phases = system.Manager.Received.Where(a => a.AlertId == start.AlertId).Select(a => a.Phase).ToList();
        Assert.Equal(["start", "escalate", "acknowledged", "end"], phases);
        var messages = system.Manager.Received.Where(a => a.AlertId == start.AlertId).ToList();
        Assert.Equal(messages.Count, messages.Select(a => a.FillerId).Distinct().Count());   // each message's own OBR-3
        Assert.Equal(start.AlertId, start.FillerId);                                         // the start carries the alert itself
        var acknowledged = Hl7Message.Parse(messages[2].Text).Message!;
        Assert.Equal("alert-acknowledged", acknowledged.Segments("OBX").Single(o => o.Field(4) == "1.0.0.0.5").Field(5));
        Assert.Equal("inactive", Hl7Message.Parse(end.Text).Message!.Segments("OBX").Single(o => o.Field(4) == "1.0.0.0.4").Field(5));
        Assert.NotEqual(escalate.ControlId, end.ControlId);
        Assert.DoesNotContain(patient, system.Silo.Output, StringComparison.Ordinal);         // the link logs no patient
    }

    [Fact]
    public async Task While_the_manager_is_down_alarms_wait_in_the_queue_the_link_stops_calling_for_a_while_and_when_it_is_back_each_arrives_once_in_order()
    {
        var logFrom = system.Silo.Output.Length;
        await system.Manager.StopAsync();
        var beds = new List<(string Patient, string Device)>();
        try
        {
            for (var bed = 1; bed <= 3; bed++)
            {
                var (_, patient, device) = await _ward.NewBedAsync(bed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                beds.Add((patient, device));
                await _ward.PostReadingsAsync(device, 1, ("sbp", 80));
            }

            // The link has tried and failed for each of them at least once: they are queued, not lost.
            await Poll.UntilAsync<object>(
                async () => await system.Database.ScalarAsync<long?>(
                    "select count(*) from alarm_manager_outbox o join alarm_history h using (transition_key, occurred_at) where h.patient_id = any($1) and h.code = 'sbp-low' and o.sent_at is null",
                    (object)beds.Select(b => b.Patient).ToArray()) is 3 ? true : null,
                TimeSpan.FromSeconds(15), "three alarms queued");
            await Poll.UntilAsync<object>(
                async () => await system.Database.ScalarAsync<long?>("select count(*) from alarm_manager_outbox where last_error is not null and sent_at is null") > 0 ? true : null,
                TimeSpan.FromSeconds(15), "the link finding the manager down");
            // Down long enough for the link to stop calling it for a while (its circuit breaker), not only to retry.
            await Poll.UntilAsync<object>(
                () => Task.FromResult<object?>(system.Silo.Output[logFrom..].Contains("Alarm manager circuit open", StringComparison.Ordinal) ? true : null),
                TimeSpan.FromSeconds(30), "the link's circuit opening");
        }
        finally
        {
            system.Manager.Start();
        }

        foreach (var (patient, _) in beds)
        {
            await system.AlertAsync(a => a.PatientId == patient && a.Phase == "start" && a.Event == "MDC_EVT_LO", "each start after the manager came back", TimeSpan.FromSeconds(30));
        }

        var starts = system.Manager.Received.Where(a => beds.Any(b => b.Patient == a.PatientId) && a.Phase == "start" && a.Event == "MDC_EVT_LO").ToList();
        Assert.Equal(3, starts.Count);
        Assert.Equal(beds.Select(b => b.Patient), starts.Select(a => a.PatientId));          // in the order they were raised
        await Poll.UntilAsync<object>(
            () => Task.FromResult<object?>(system.Silo.Output[logFrom..].Contains("Alarm manager answers again", StringComparison.Ordinal) ? true : null),
            TimeSpan.FromSeconds(10), "the circuit closed again");
        // The link marks each row once the manager's ACK is back, just after the manager has the message.
        await Poll.UntilAsync<object>(
            async () => await system.Database.ScalarAsync<long>(
                "select count(*) from alarm_manager_outbox o join alarm_history h using (transition_key, occurred_at) where h.patient_id = any($1) and h.reason = 'raised' and o.answer is distinct from 'AA'",
                (object)beds.Select(b => b.Patient).ToArray()) == 0 ? true : null,
            TimeSpan.FromSeconds(10), "each start marked answered AA in the queue");
    }

    [Fact]
    public async Task An_alarm_queued_while_the_manager_is_down_survives_a_restart_of_the_silo_and_the_api_and_is_sent_once()
    {
        await system.Manager.StopAsync();
        string patient;
        try
        {
            (_, patient, var device) = await _ward.NewBedAsync("9");
            await _ward.PostReadingsAsync(device, 1, ("hr", 28));
            await Poll.UntilAsync<object>(
                async () => await system.Database.ScalarAsync<long?>(
                    "select count(*) from alarm_manager_outbox o join alarm_history h using (transition_key, occurred_at) where h.patient_id = $1 and h.reason = 'raised'", patient) > 0 ? true : null,
                TimeSpan.FromSeconds(15), "the alarm queued");
            await system.RestartSiloAsync(graceful: false);
            await system.RestartApiAsync(() => Task.CompletedTask);
        }
        finally
        {
            system.Manager.Start();
        }

        var start = await system.AlertAsync(a => a.PatientId == patient && a.Phase == "start" && a.Event == "MDC_EVT_LO", "the start after the restarts", TimeSpan.FromSeconds(60));
        Assert.Equal("PH", start.Priority);
        Assert.Single(system.Manager.Received, a => a.PatientId == patient && a.Phase == "start" && a.Event == "MDC_EVT_LO");
    }

    [Fact]
    public async Task A_page_delivered_and_read_shows_on_the_central_station_with_the_doctor_is_audited_and_stops_the_escalation_for_want_of_one()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("4");
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await _ward.PostReadingsAsync(device, 1, ("sbp", 80));
        var start = await system.AlertAsync(a => a.PatientId == patient && a.Phase == "start" && a.Event == "MDC_EVT_LO", "the start");

        var doctor = Recipient.Rota[0];
        Assert.Equal("AA", await system.Statuses.SendAsync(start.AlertId, DisseminationStatus.Delivered, doctor, CancellationToken.None));
        Assert.Equal("AA", await system.Statuses.SendAsync(start.AlertId, DisseminationStatus.Read, doctor, CancellationToken.None));

        // Delivered within the deadline, as a rule; on a machine too busy for that, the deadline has escalated it already.
        var levelWhenDelivered = (await _ward.GetPatientAsync(patient)).GetProperty("alarms").EnumerateArray()
            .Single(a => a.GetProperty("alarmId").GetString() == start.AlertId).GetProperty("escalationLevel").GetInt32();
        var read = await alarms.WaitForAsync(
            e => e.GetProperty("alarmId").GetString() == start.AlertId && e.TryGetProperty("dissemination", out var d) && d.ValueKind == JsonValueKind.Object
                && d.GetProperty("status").GetString() == "read",
            TimeSpan.FromSeconds(10), "the alarm with its read page");
        Assert.Equal("Dr Anna Berg", read.GetProperty("dissemination").GetProperty("recipient").GetString());
        Assert.Equal("PAGER-4711", read.GetProperty("dissemination").GetProperty("device").GetString());
        var rest = (await _ward.GetPatientAsync(patient)).GetProperty("alarms").EnumerateArray().Single(a => a.GetProperty("alarmId").GetString() == start.AlertId);
        Assert.Equal("read", rest.GetProperty("dissemination").GetProperty("status").GetString());

        var audited = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>(
                "select count(*) from audit_events where action = 'alarm.dissemination' and resource = $1 and subject = 'alarm-manager'", $"alarm/{start.AlertId}") is 2 ? "two rows" : null,
            TimeSpan.FromSeconds(10), "both statuses audited");
        Assert.Equal("two rows", audited);

        // The deadline has looked at it since, and left it where it was: somebody has it.
        Assert.True(levelWhenDelivered <= 1);
        await Poll.UntilAsync<object>(
            async () => await system.Database.ScalarAsync<bool>(
                "select deadline_done_at is not null from alarm_manager_outbox where alarm_id = $1 and reason = 'raised'", start.AlertId) ? true : null,
            TimeSpan.FromSeconds(20), "the delivery deadline passed");
        var after = (await _ward.GetPatientAsync(patient)).GetProperty("alarms").EnumerateArray().Single(a => a.GetProperty("alarmId").GetString() == start.AlertId);
        Assert.Equal(levelWhenDelivered, after.GetProperty("escalationLevel").GetInt32());
    }

    [Fact]
    public async Task An_alarm_the_manager_reports_undeliverable_goes_to_on_call_at_once_and_the_board_says_so()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("5");
        await using var onCall = await system.ConnectHubAsync();
        var escalations = new HubEvents(onCall, "escalation");
        await onCall.InvokeAsync("JoinOnCall");
        await _ward.PostReadingsAsync(device, 1, ("hr", 28));
        var start = await system.AlertAsync(a => a.PatientId == patient && a.Phase == "start" && a.Event == "MDC_EVT_LO", "the start");

        Assert.Equal("AA", await system.Statuses.SendAsync(start.AlertId, DisseminationStatus.Undeliverable, Recipient.Rota[1], CancellationToken.None));

        var escalation = await escalations.WaitForAsync(e => e.GetProperty("alarmId").GetString() == start.AlertId, TimeSpan.FromSeconds(10), "the escalation");
        Assert.Equal(1, escalation.GetProperty("escalationLevel").GetInt32());
        Assert.Equal("undeliverable", escalation.GetProperty("dissemination").GetProperty("status").GetString());
        Assert.Equal(unit, escalation.GetProperty("unitId").GetString());
        // The history is written just after the push (alarms go out first): waited for.
        var history = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<string?>("select actor from alarm_history where alarm_id = $1 and reason = 'escalated'", start.AlertId),
            TimeSpan.FromSeconds(10), "the escalation in the alarm history");
        Assert.Equal("alarm-manager", history);
    }

    [Fact]
    public async Task A_status_for_an_alert_that_is_not_ours_gets_AE_naming_the_field_and_a_message_that_is_not_PCD_05_gets_AR()
    {
        await using var client = await Infrastructure.MllpClient.ConnectAsync(system.StatusPort);
        var unknown = AlertStatusSender.Build("T1", "not-an-alarm", DisseminationStatus.Read, Recipient.Rota[0], DateTimeOffset.UtcNow);
        var ack = Hl7Message.Parse(await client.SendAsync(unknown)).Message!;
        Assert.Equal("AE", ack.FirstSegment("MSA")!.Field(1));
        Assert.Equal("204", ack.FirstSegment("ERR")!.Component(3, 1));

        var wrong = unknown.Replace("ORA^R41^ORA_R41", "ORU^R01^ORU_R01", StringComparison.Ordinal);
        var refused = Hl7Message.Parse(await client.SendAsync(wrong)).Message!;
        Assert.Equal("AR", refused.FirstSegment("MSA")!.Field(1));
        Assert.Equal("200", refused.FirstSegment("ERR")!.Component(3, 1));
    }

    [Fact]
    public async Task The_central_station_shows_whom_the_alarm_manager_paged_and_when_they_read_it()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("6");
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            await page.GotoAsync(system.PageUrl($"/?unit={unit}"));
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            await _ward.PostReadingsAsync(device, 1, ("sbp", 80));
            var start = await system.AlertAsync(a => a.PatientId == patient && a.Phase == "start" && a.Event == "MDC_EVT_LO", "the start");

            await system.Statuses.SendAsync(start.AlertId, DisseminationStatus.Read, Recipient.Rota[0], CancellationToken.None);

            var paged = page.Locator($"#alarm-list [data-alarm-id='{start.AlertId}'] .alarm-paged");
            await Microsoft.Playwright.Assertions.Expect(paged).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^paged Dr Anna Berg, read \d+ s$"));
            await Microsoft.Playwright.Assertions.Expect(paged).ToHaveAttributeAsync("data-status", "read");
        }
    }
}
