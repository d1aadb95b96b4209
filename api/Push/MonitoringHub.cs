using Microsoft.AspNetCore.SignalR;
using Monitoring.Alarms;
using Monitoring.Api.Alarms;

namespace Monitoring.Api.Push;

/// <summary>
/// The live channel to dashboards (<c>/hubs/monitoring</c>). Clients join the groups they watch;
/// the server sends <c>vitals</c> and <c>alarm</c> events to those groups, and <c>escalation</c> to on-call.
/// </summary>
public sealed class MonitoringHub(IGrainFactory grains) : Hub
{
    public const string Path = "/hubs/monitoring";

    public Task JoinUnit(string unitId) => Groups.AddToGroupAsync(Context.ConnectionId, PushGroups.Unit(Checked(unitId, nameof(unitId))));

    public Task LeaveUnit(string unitId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, PushGroups.Unit(Checked(unitId, nameof(unitId))));

    public Task JoinPatient(string patientId) => Groups.AddToGroupAsync(Context.ConnectionId, PushGroups.Patient(Checked(patientId, nameof(patientId))));

    public Task LeavePatient(string patientId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, PushGroups.Patient(Checked(patientId, nameof(patientId))));

    public Task JoinOnCall() => Groups.AddToGroupAsync(Context.ConnectionId, PushGroups.OnCall);

    /// <summary>Acknowledges an alarm; answers the alarm as it now is.</summary>
    public async Task<AlarmView> Acknowledge(string alarmId)
    {
        var patientId = AlarmIds.PatientOf(alarmId) ?? throw new HubException($"'{alarmId}' is not an alarm id.");
        var result = await grains.GetPatient(patientId).AcknowledgeAsync(alarmId, Context.UserIdentifier ?? AlarmEndpoints.UnidentifiedActor);
        return result.Alarm ?? throw new HubException($"No open alarm '{alarmId}'; it may have resolved already.");
    }

    private static string Checked(string id, string name) =>
        Identifiers.IsValid(id) ? id : throw new HubException($"'{name}' must be 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':'.");
}
