using Microsoft.AspNetCore.SignalR;
using Monitoring.Push;

namespace Monitoring.Api.Push;

/// <summary>This host's receiver of pushed events: forwards each to the SignalR groups that watch it.</summary>
public sealed partial class SignalRPushObserver(IHubContext<MonitoringHub> hub, ILogger<SignalRPushObserver> logger) : IMonitoringPushObserver
{
    public async Task OnEventsAsync(PushBatch batch)
    {
        try
        {
            var sends = new List<Task>(batch.Count);
            foreach (var alarm in batch.Alarms)
            {
                sends.Add(hub.Clients.Groups(PushGroups.Unit(alarm.UnitId), PushGroups.Patient(alarm.PatientId)).SendAsync(PushEvents.Alarm, alarm));
            }

            foreach (var escalation in batch.Escalations)
            {
                sends.Add(hub.Clients.Groups(PushGroups.OnCall, PushGroups.OnCallOf(escalation.UnitId)).SendAsync(PushEvents.Escalation, escalation));
            }

            foreach (var vitals in batch.Vitals)
            {
                sends.Add(hub.Clients.Groups(PushGroups.Unit(vitals.UnitId), PushGroups.Patient(vitals.PatientId)).SendAsync(PushEvents.Vitals, vitals));
            }

            await Task.WhenAll(sends);
        }
        catch (Exception exception)
        {
            // A one-way call has nobody to report to; say it here so operators see it.
            LogForwardFailed(exception, batch.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward {Count} events to SignalR clients")]
    private partial void LogForwardFailed(Exception exception, int count);
}
