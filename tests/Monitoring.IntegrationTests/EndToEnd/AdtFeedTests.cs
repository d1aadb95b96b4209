using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// Admissions, transfers and discharges from the patient administration system: HL7 v2.5 ADT messages written by
/// hand, sent over the real ADT listener (its own MLLP port) to the running system.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AdtFeedTests(RunningSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);
    private readonly AdtFeed _feed = new(system);
    private readonly WardClient _ward = new(system.Http);

    /// <summary>A new unit whose beds 1..n are the feed's locations POC^1^1 .. POC^1^n (a new point of care each time).</summary>
    private async Task<(string Unit, string PointOfCare)> MappedUnitAsync(int beds = 3)
    {
        var (unit, pointOfCare) = (WardClient.NewId("unit"), WardClient.NewId("POC").ToUpperInvariant());
        for (var bed = 1; bed <= beds; bed++)
        {
            await _feed.MapAsync(pointOfCare, "1", $"{bed}", unit, $"{bed}");
        }

        return (unit, pointOfCare);
    }

    private static string Id(string prefix) => WardClient.NewId(prefix);

    [Fact]
    public async Task An_A01_admits_the_patient_to_the_bed_its_location_maps_to_and_the_audit_trail_names_its_control_id()
    {
        var (unit, poc) = await MappedUnitAsync();
        var patient = Id("p");

        var ack = await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{poc}^1^2"));

        Assert.Equal("AA", ack.Code);
        Assert.Empty(ack.Errors);
        Assert.Equal((unit, "2"), await _feed.WhereAsync(patient));
        var audited = Assert.Single(await _feed.AuditedChangesAsync(patient, 1));
        Assert.Equal($"ADT^A01 control id A01-{patient}: admitted to unit/{unit} bed 2", audited);
    }

    [Fact]
    public async Task An_A04_with_a_bed_registers_the_patient_there_and_an_A08_naming_another_bed_moves_them()
    {
        var (unit, poc) = await MappedUnitAsync();
        var patient = Id("p");

        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A04", $"A04-{patient}", patient, T0, $"{poc}^1^1"))).Code);
        Assert.Equal((unit, "1"), await _feed.WhereAsync(patient));
        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A08", $"A08-{patient}", patient, T0.AddMinutes(1), $"{poc}^1^3"))).Code);

        Assert.Equal((unit, "3"), await _feed.WhereAsync(patient));
        Assert.Equal(2, (await _feed.AuditedChangesAsync(patient, 2)).Count);
    }

    [Fact]
    public async Task An_A02_moves_the_patient_and_an_A12_cancelling_it_returns_them_to_the_bed_before()
    {
        var (ward, wardPoc) = await MappedUnitAsync();
        var (icu, icuPoc) = await MappedUnitAsync();
        var patient = Id("p");
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{wardPoc}^1^1"));

        var transfer = await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddMinutes(10), $"{icuPoc}^1^2", prior: $"{wardPoc}^1^1"));
        Assert.Equal("AA", transfer.Code);
        Assert.Equal((icu, "2"), await _feed.WhereAsync(patient));

        // A12: PV1-3 is the location before the transfer.
        var cancel = await _feed.SendAsync(AdtFeed.Message("A12", $"A12-{patient}", patient, T0.AddMinutes(12), $"{wardPoc}^1^1"));
        Assert.Equal("AA", cancel.Code);
        Assert.Equal((ward, "1"), await _feed.WhereAsync(patient));
        var audited = await _feed.AuditedChangesAsync(patient, 3);
        Assert.Equal($"ADT^A12 control id A12-{patient}: moved to unit/{ward} bed 1 from unit/{icu} bed 2", audited[2]);
    }

    [Fact]
    public async Task An_A12_without_a_location_returns_the_patient_to_the_bed_recorded_before_the_transfer()
    {
        var (ward, wardPoc) = await MappedUnitAsync();
        var (_, icuPoc) = await MappedUnitAsync();
        var patient = Id("p");
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{wardPoc}^1^3"));
        await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddMinutes(10), $"{icuPoc}^1^1"));

        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A12", $"A12-{patient}", patient, T0.AddMinutes(11)))).Code);

        Assert.Equal((ward, "3"), await _feed.WhereAsync(patient));
    }

    [Fact]
    public async Task An_A03_discharges_and_an_A13_cancelling_it_readmits_to_the_bed_before_the_discharge()
    {
        var (unit, poc) = await MappedUnitAsync();
        var patient = Id("p");
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{poc}^1^2"));

        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A03", $"A03-{patient}", patient, T0.AddHours(1), $"{poc}^1^2"))).Code);
        Assert.Null(await _feed.WhereAsync(patient));
        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A13", $"A13-{patient}", patient, T0.AddHours(1).AddMinutes(5)))).Code);

        Assert.Equal((unit, "2"), await _feed.WhereAsync(patient));
        var audited = await _feed.AuditedChangesAsync(patient, 3);
        Assert.StartsWith($"ADT^A03 control id A03-{patient}: discharged from unit/{unit} bed 2", audited[1], StringComparison.Ordinal);
        Assert.StartsWith($"ADT^A13 control id A13-{patient}: admitted to unit/{unit} bed 2", audited[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_A11_cancels_the_admission_and_frees_the_bed()
    {
        var (unit, poc) = await MappedUnitAsync();
        var (patient, next) = (Id("p"), Id("p"));
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{poc}^1^1"));

        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A11", $"A11-{patient}", patient, T0.AddMinutes(3), $"{poc}^1^1"))).Code);

        Assert.Null(await _feed.WhereAsync(patient));
        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{next}", next, T0.AddMinutes(4), $"{poc}^1^1"))).Code);
        Assert.Equal((unit, "1"), await _feed.WhereAsync(next));
    }

    [Fact]
    public async Task A_transfer_moves_the_device_binding_the_open_alarm_and_the_live_feed_to_the_new_unit()
    {
        var (ward, wardPoc) = await MappedUnitAsync();
        var (icu, icuPoc) = await MappedUnitAsync();
        var (patient, neighbour) = (Id("p"), Id("p"));
        var (device, neighbourDevice) = (Id("dev"), Id("dev"));
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{wardPoc}^1^1"));
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{neighbour}", neighbour, T0, $"{wardPoc}^1^2"));
        await _ward.BindAsync(device, patient);
        await _ward.BindAsync(neighbourDevice, neighbour);
        // The ward's nurse watches the ward and this patient; the ICU's central station watches the ICU.
        await using var wardNurse = await system.ConnectHubAsync(system.Tokens.For("nurse-ward", ["nurse"], ward));
        await using var icuStation = await system.ConnectHubAsync(system.Tokens.For("nurse-icu", ["nurse"], icu));
        var (wardAlarms, wardEnded, icuAlarms) = (new HubEvents(wardNurse, "alarm"), new HubEvents(wardNurse, "access-ended"), new HubEvents(icuStation, "alarm"));
        await wardNurse.InvokeAsync("JoinUnit", ward);
        await wardNurse.InvokeAsync("JoinPatient", patient);
        await icuStation.InvokeAsync("JoinUnit", icu);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80))).StatusCode);
        var raised = await wardAlarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), Deadline, "the ward's sbp-low alarm");

        var ack = await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddMinutes(30), $"{icuPoc}^1^3", prior: $"{wardPoc}^1^1"));

        Assert.Equal("AA", ack.Code);
        // The ICU's station gets the open alarm at once, under its own unit and bed; the ward's nurse loses the live feed.
        var alarmId = raised.GetProperty("alarmId").GetString();
        var moved = await icuAlarms.WaitForAsync(e => e.GetProperty("alarmId").GetString() == alarmId, Deadline, "the open alarm at the ICU's station");
        Assert.Equal(icu, moved.GetProperty("unitId").GetString());
        Assert.Equal("3", moved.GetProperty("bed").GetString());
        Assert.Equal("active", moved.GetProperty("state").GetString());
        await wardEnded.WaitForAsync(e => e.GetProperty("patientId").GetString() == patient, Deadline, "the ward nurse's access to end");
        // The monitor stays bound: its next reading is the patient's, and alarms in the ICU, not on the ward.
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 2, ("sbp", 210))).StatusCode);
        await icuAlarms.WaitForAsync(HubEvents.Alarm("sbp-high", "active", patient), Deadline, "the ICU's sbp-high alarm");
        // Then an alarm on the ward: pushes leave in order, so had the moved patient's gone to the ward, it would be there first.
        await _ward.PostReadingsAsync(neighbourDevice, 1, ("sbp", 80));
        await wardAlarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", neighbour), Deadline, "the neighbour's alarm on the ward");
        Assert.DoesNotContain(wardAlarms.Received, e => e.GetProperty("patientId").GetString() == patient && e.GetProperty("code").GetString() == "sbp-high");
        Assert.Equal((icu, "3"), await _feed.WhereAsync(patient));
    }

    [Fact]
    public async Task A_transfer_for_a_patient_never_admitted_admits_them_to_its_location()
    {
        var (unit, poc) = await MappedUnitAsync();
        var patient = Id("p");

        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0, $"{poc}^1^2", prior: "ELSEWHERE^9^9"))).Code);

        Assert.Equal((unit, "2"), await _feed.WhereAsync(patient));
    }

    [Fact]
    public async Task A_transfer_that_arrives_after_the_later_discharge_is_acknowledged_with_a_warning_and_does_not_readmit()
    {
        var (_, wardPoc) = await MappedUnitAsync();
        var (_, icuPoc) = await MappedUnitAsync();
        var patient = Id("p");
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{wardPoc}^1^1"));
        await _feed.SendAsync(AdtFeed.Message("A03", $"A03-{patient}", patient, T0.AddHours(2)));

        var late = await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddHours(1), $"{icuPoc}^1^1"));

        Assert.Equal("AA", late.Code);
        var warning = Assert.Single(late.Errors);
        Assert.Equal("W", warning.Severity);
        Assert.Contains($"older than message A03-{patient}", warning.Text, StringComparison.Ordinal);
        Assert.Null(await _feed.WhereAsync(patient));
        // The ICU bed is free: the late transfer took nothing.
        var other = Id("p");
        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{other}", other, T0.AddHours(3), $"{icuPoc}^1^1"))).Code);
    }

    [Fact]
    public async Task A_cancel_of_a_transfer_that_a_discharge_followed_changes_nothing()
    {
        var (_, wardPoc) = await MappedUnitAsync();
        var (_, icuPoc) = await MappedUnitAsync();
        var patient = Id("p");
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{wardPoc}^1^1"));
        await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddHours(1), $"{icuPoc}^1^1"));
        await _feed.SendAsync(AdtFeed.Message("A03", $"A03-{patient}", patient, T0.AddHours(2)));

        var cancel = await _feed.SendAsync(AdtFeed.Message("A12", $"A12-{patient}", patient, T0.AddHours(3), $"{wardPoc}^1^1"));

        Assert.Equal("AA", cancel.Code);
        Assert.Equal("W", Assert.Single(cancel.Errors).Severity);
        Assert.Null(await _feed.WhereAsync(patient));
    }

    [Fact]
    public async Task A_message_sent_again_with_its_control_id_is_acknowledged_and_applied_once()
    {
        var (ward, wardPoc) = await MappedUnitAsync();
        var (icu, icuPoc) = await MappedUnitAsync();
        var patient = Id("p");
        var admit = AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{wardPoc}^1^1");
        await _feed.SendAsync(admit);
        await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddMinutes(5), $"{icuPoc}^1^1"));

        var again = await _feed.SendAsync(admit);

        Assert.Equal("AA", again.Code);
        Assert.Contains("taken before", Assert.Single(again.Errors).Text, StringComparison.Ordinal);
        Assert.Equal((icu, "1"), await _feed.WhereAsync(patient));
        Assert.NotEqual(ward, (await _feed.WhereAsync(patient))!.Value.Unit);
    }

    public static TheoryData<string, string, string, string> BadMessages => new()
    {
        // name, how the A01 is spoiled (applied by Spoil), expected MSA-1, expected ERR-3 code and ERR-2
        { "unmapped location", "AE", "103", "PV1^1^3" },
        { "no identifier of the configured type", "AE", "101", "PID^1^3" },
        { "unreadable event time", "AE", "102", "EVN^1^2" },
        { "no location in an admission", "AE", "101", "PV1^1^3" },
        { "unsupported trigger", "AR", "201", "MSH^1^9" },
        { "not ADT", "AR", "200", "MSH^1^9" },
        { "training message", "AR", "202", "MSH^1^11" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task A_bad_message_is_refused_naming_the_field_and_changes_nothing(string fault, string code, string errorCode, string location)
    {
        var (unit, poc) = await MappedUnitAsync();
        var (patient, controlId) = (Id("p"), Id("BAD"));
        var message = Spoil(AdtFeed.Message("A01", controlId, patient, T0, $"{poc}^1^1"), fault, patient, poc);

        var ack = await _feed.SendAsync(message);

        Assert.Equal(code, ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal((errorCode, location, "E"), (error.Code, error.Location, error.Severity));
        Assert.DoesNotContain("EVERYWOMAN", error.Text, StringComparison.Ordinal);
        Assert.Null(await _feed.WhereAsync(patient));
        // Nothing was recorded either: the same control id, sent right, is applied, and it is the one audited change.
        Assert.Equal("AA", (await _feed.SendAsync(AdtFeed.Message("A01", controlId, patient, T0, $"{poc}^1^1"))).Code);
        Assert.Equal((unit, "1"), await _feed.WhereAsync(patient));
        Assert.Single(await _feed.AuditedChangesAsync(patient, 1));
        // Neither the patient's id nor the name is logged; the control id is.
        Assert.DoesNotContain(patient, system.Api.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("EVERYWOMAN", system.Api.Output, StringComparison.Ordinal);
    }

    private static string Spoil(string message, string fault, string patient, string poc) => fault switch
    {
        "unmapped location" => message.Replace($"{poc}^1^1", $"{poc}^9^9", StringComparison.Ordinal),
        "no identifier of the configured type" => message.Replace($"~{patient}^^^GHH^PI", "", StringComparison.Ordinal),
        "unreadable event time" => string.Join('\r', message.Split('\r').Select(s => s.StartsWith("EVN", StringComparison.Ordinal) ? "EVN|A01|yesterday" : s)),
        "no location in an admission" => message.Replace($"{poc}^1^1", "", StringComparison.Ordinal),
        "unsupported trigger" => message.Replace("ADT^A01^ADT_A01", "ADT^A05^ADT_A05", StringComparison.Ordinal),
        "not ADT" => message.Replace("ADT^A01^ADT_A01", "ORM^O01^ORM_O01", StringComparison.Ordinal),
        "training message" => message.Replace("|P|2.5", "|T|2.5", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };

    [Fact]
    public async Task An_update_of_a_patient_not_admitted_here_at_a_location_nobody_mapped_is_acknowledged_and_changes_nothing()
    {
        var patient = Id("p");

        var ack = await _feed.SendAsync(AdtFeed.Message("A08", $"A08-{patient}", patient, T0, "OUTPATIENTS^3^1"));

        Assert.Equal("AA", ack.Code);
        Assert.Equal("W", Assert.Single(ack.Errors).Severity);
        Assert.Null(await _feed.WhereAsync(patient));
    }

    [Fact]
    public async Task A_transfer_to_a_location_nobody_mapped_is_refused_and_the_patient_stays_monitored_in_their_bed()
    {
        var (unit, poc) = await MappedUnitAsync();
        var patient = Id("p");
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{poc}^1^1"));

        var ack = await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddHours(1), "GENERAL^12^B"));

        Assert.Equal("AE", ack.Code);
        Assert.Equal(("103", "PV1^1^3"), (ack.Errors[0].Code, ack.Errors[0].Location));
        // ERR-8 names the location as sent, its component separators escaped (\S\) as HL7 text requires.
        Assert.Contains(@"GENERAL\S\12\S\B", ack.Errors[0].Text, StringComparison.Ordinal);
        Assert.Equal((unit, "1"), await _feed.WhereAsync(patient));
    }

    [Fact]
    public async Task A_late_transfer_is_recognised_as_older_even_when_its_location_is_not_mapped()
    {
        var (_, poc) = await MappedUnitAsync();
        var patient = Id("p");
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{patient}", patient, T0, $"{poc}^1^1"));
        await _feed.SendAsync(AdtFeed.Message("A03", $"A03-{patient}", patient, T0.AddHours(2)));

        var late = await _feed.SendAsync(AdtFeed.Message("A02", $"A02-{patient}", patient, T0.AddHours(1), "GENERAL^12^B"));

        Assert.Equal("AA", late.Code);
        Assert.Contains("older than", Assert.Single(late.Errors).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admission_to_a_bed_another_patient_holds_is_refused_and_changes_nothing()
    {
        var (unit, poc) = await MappedUnitAsync();
        var (first, second) = (Id("p"), Id("p"));
        await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{first}", first, T0, $"{poc}^1^1"));

        var ack = await _feed.SendAsync(AdtFeed.Message("A01", $"A01-{second}", second, T0.AddMinutes(1), $"{poc}^1^1"));

        Assert.Equal("AE", ack.Code);
        Assert.Equal(("206", "PV1^1^3"), (ack.Errors[0].Code, ack.Errors[0].Location));
        Assert.Null(await _feed.WhereAsync(second));
        Assert.Equal((unit, "1"), await _feed.WhereAsync(first));
    }

    [Fact]
    public async Task An_admin_of_another_unit_may_not_map_a_location_to_this_one()
    {
        var unit = Id("unit");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/locations/4WEST/401/2") { Content = System.Net.Http.Json.JsonContent.Create(new { unitId = unit, bed = "2" }) };
        request.Headers.Authorization = TestTokens.Bearer(system.Tokens.For("admin-elsewhere", ["admin"], "unit-other"));

        using var response = await system.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var list = await _ward.GetJsonAsync($"/api/v1/units/{unit}/locations");
        Assert.Equal(0, list.GetArrayLength());
    }
}
