using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Security;

namespace Monitoring.IntegrationTests.Security;

/// <summary>A live connection sees what its nurse may see now, not what she could when she joined, and lasts no longer than her token.</summary>
public sealed class SessionsFollowAccessTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly WardClient _ward = new(system.Http);

    private static Func<JsonElement, bool> Of(string patientId) => e => e.GetProperty("patientId").GetString() == patientId;

    private static Func<JsonElement, bool> Of(string patientId, double hr) =>
        e => e.GetProperty("patientId").GetString() == patientId && e.GetProperty("vitals").TryGetProperty("hr", out var v) && v.GetProperty("value").GetDouble() == hr;

    [Fact]
    public async Task A_nurse_watching_a_patient_who_moves_to_a_unit_not_hers_is_told_and_sees_nothing_more_of_the_patient()
    {
        var (unit, beds) = await _ward.NewWardAsync(2);
        var ((patient, device), (neighbour, neighboursDevice)) = (beds[0], beds[1]);
        await using var nurse = await system.ConnectHubAsync(system.Tokens.For("nurse-of-" + unit, ["nurse"], unit));
        var (nurseVitals, ended) = (new HubEvents(nurse, "vitals"), new HubEvents(nurse, "access-ended"));
        await nurse.InvokeAsync("JoinPatient", patient);
        await nurse.InvokeAsync("JoinPatient", neighbour);
        await using var staff = await system.ConnectHubAsync(); // sees every unit
        var staffVitals = new HubEvents(staff, "vitals");
        await staff.InvokeAsync("JoinPatient", patient);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("hr", 71))).StatusCode);
        await nurseVitals.WaitForAsync(Of(patient, 71), Deadline, "the patient's vitals while in her unit");

        await _ward.AdmitAsync(patient, WardClient.NewId("unit"), "4");

        var end = await ended.WaitForAsync(Of(patient), Deadline, "access-ended for the moved patient");
        Assert.Equal("moved", end.GetProperty("reason").GetString());
        // The patient's next vitals reach the hospital-wide staff member, then her neighbour's reach her:
        // the patient's, had they been sent to her, would have come before.
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 2, ("hr", 99))).StatusCode);
        await staffVitals.WaitForAsync(Of(patient, 99), Deadline, "the moved patient's vitals (to staff who may see them)");
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(neighboursDevice, 1, ("hr", 64))).StatusCode);
        await nurseVitals.WaitForAsync(Of(neighbour, 64), Deadline, "her other patient's vitals");
        Assert.False(nurseVitals.Received.Any(Of(patient, 99)), "the moved patient's vitals reached a nurse who may no longer see them");
    }

    [Fact]
    public async Task A_nurse_watching_a_patient_who_is_discharged_is_taken_out_of_the_patients_group_and_told()
    {
        var (unit, patient, _) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync(system.Tokens.For("nurse-of-" + unit, ["nurse"], unit));
        var ended = new HubEvents(nurse, "access-ended");
        await nurse.InvokeAsync("JoinPatient", patient);

        Assert.Equal(HttpStatusCode.NoContent, (await system.Http.DeleteAsync(new Uri($"/api/v1/patients/{patient}", UriKind.Relative))).StatusCode);

        Assert.Equal("discharged", (await ended.WaitForAsync(Of(patient), Deadline, "access-ended for the discharged patient")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_connection_is_closed_once_the_token_that_opened_it_expires()
    {
        var (unit, patient, _) = await _ward.NewBedAsync();
        var expires = DateTimeOffset.UtcNow.AddSeconds(4);
        var token = DevelopmentTokens.Mint(system.Tokens.SigningKey, "nurse-brief", ["nurse"], [unit], expires - DateTimeOffset.UtcNow);
        await using var nurse = await system.ConnectHubAsync(token);
        var closed = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        nurse.Closed += _ =>
        {
            closed.TrySetResult(DateTimeOffset.UtcNow);
            return Task.CompletedTask;
        };
        await nurse.InvokeAsync("JoinPatient", patient); // open and working while the token is valid

        var closedAt = await closed.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(closedAt >= expires.AddSeconds(-1), $"closed at {closedAt:O}, before the token expired at {expires:O}");
        Assert.Equal(HubConnectionState.Disconnected, nurse.State);
    }
}
