using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Alarms;
using Monitoring.Api.Audit;
using Monitoring.Api.Security;

namespace Monitoring.Api.Push;

/// <summary>
/// The live channel to dashboards (<c>/hubs/monitoring</c>), for people only. Clients join the groups
/// they may watch (their units, their units' patients); the server sends <c>vitals</c> and <c>alarm</c>
/// events to those groups, <c>escalation</c> to on-call staff of the alarm's unit, and <c>system-alarm</c> (the
/// monitoring system's own technical alarms, such as <c>monitoring-path-degraded</c>) to every central station.
/// This host's own watchdog signs in too (<see cref="Watchdog.WatchdogAuthentication"/>), to its unit only.
/// </summary>
[Authorize(Policy = AuthenticationSetup.Hub)]
public sealed class MonitoringHub(IGrainFactory grains, CareAccess access, AuditTrail audit, PatientWatchers watchers) : Hub
{
    public const string Path = "/hubs/monitoring";

    public async Task JoinUnit(string unitId)
    {
        Checked(unitId, nameof(unitId));
        Auditable();
        Require(Context.User!.MaySee(unitId), AuditActions.UnitRead, $"unit/{unitId}", $"unit '{unitId}' is not among your units");
        await Groups.AddToGroupAsync(Context.ConnectionId, PushGroups.Unit(unitId));
        // A central station: it also shows the monitoring system's own technical alarms (system-alarm).
        await Groups.AddToGroupAsync(Context.ConnectionId, PushGroups.Stations);
        Audit(AuditActions.UnitRead, $"unit/{unitId}");
    }

    public async Task JoinPatient(string patientId)
    {
        Checked(patientId, nameof(patientId));
        Auditable();
        var unit = await access.UnitOfPatientAsync(patientId);
        Require(CareAccess.Allows(Context.User!, CareRoles.People, unit), AuditActions.PatientRead, $"patient/{patientId}", "the patient is not admitted to any of your units");
        watchers.Add(patientId, Context.ConnectionId, Context.User!);
        await Groups.AddToGroupAsync(Context.ConnectionId, PushGroups.Patient(patientId));
        Audit(AuditActions.PatientRead, $"patient/{patientId}");
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>On-call staff receive the escalations of their units (all units with <c>*</c>).</summary>
    public async Task JoinOnCall()
    {
        var user = Context.User!;
        Require(user.IsInRole(CareRoles.OnCall), AuditActions.UnitRead, "oncall", "needs the role oncall");
        var groups = user.SeesAllUnits() ? [PushGroups.OnCall] : user.Units().Select(PushGroups.OnCallOf).ToArray();
        foreach (var group in groups)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }
    }

    /// <summary>Acknowledges an alarm as the signed-in user; answers the alarm as it now is.</summary>
    public async Task<AlarmView> Acknowledge(string alarmId)
    {
        var patientId = AlarmIds.PatientOf(alarmId) ?? throw new HubException($"'{alarmId}' is not an alarm id.");
        Auditable();
        var resource = $"alarm/{alarmId}";
        var unit = await access.UnitOfPatientAsync(patientId);
        Require(CareAccess.Allows(Context.User!, CareRoles.Clinicians, unit), AuditActions.Acknowledge, resource, "acknowledging needs the role nurse or oncall in the patient's unit");
        var result = await grains.GetPatient(patientId).AcknowledgeAsync(alarmId, Context.User!.Subject());
        Audit(AuditActions.Acknowledge, resource, result.Outcome == AcknowledgeOutcome.NotFound ? AuditOutcomes.Failed : AuditOutcomes.Success);
        return result.Alarm ?? throw new HubException($"No open alarm '{alarmId}'; it may have resolved already.");
    }

    /// <summary>What cannot be audited is not done: refused before anything happens when the trail is full.</summary>
    private void Auditable()
    {
        if (!audit.HasRoom)
        {
            throw new HubException("The audit trail cannot record this right now; nothing was done. Try again shortly.");
        }
    }

    private void Require(bool allowed, string action, string resource, string reason)
    {
        if (!allowed)
        {
            Audit(action, resource, AuditOutcomes.Denied, reason);
            throw new HubException($"Forbidden: {reason}.");
        }
    }

    private void Audit(string action, string resource, string outcome = AuditOutcomes.Success, string? reason = null)
    {
        if (Context.GetHttpContext() is { } http)
        {
            audit.Record(http, action, resource, outcome, reason);
        }
    }

    private static string Checked(string id, string name) =>
        Identifiers.IsValid(id) ? id : throw new HubException($"'{name}' must be 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':'.");
}
