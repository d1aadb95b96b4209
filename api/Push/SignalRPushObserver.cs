using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.Api.Diagnostics;
using Monitoring.Api.Watchdog;
using Monitoring.Api.WebPush;
using Monitoring.Push;
using Monitoring.Telemetry;
using Monitoring.Watchdog;

namespace Monitoring.Api.Push;

/// <summary>This host's receiver of pushed events: forwards each to the SignalR groups that watch it.</summary>
public sealed partial class SignalRPushObserver(
    IHubContext<MonitoringHub> hub, PatientWatchers watchers, WebPushSender phones, PushFaults faults, TimeProvider time,
    IOptions<PushDelayOptions> delays, ILogger<SignalRPushObserver> logger)
    : IMonitoringPushObserver
{
    /// <summary>Zero but in a test of the deployment (<see cref="PushDelayOptions"/>): held before each batch of alarms.</summary>
    private readonly TimeSpan _pushDelay = delays.Value.EnableFaultHooks ? delays.Value.PushDelay : TimeSpan.Zero;

    private int _delaySaid;

    public async Task OnEventsAsync(PushBatch batch)
    {
        if (faults.DropIncoming)
        {
            return; // the test hook (Diagnostics:EnableFaultHooks): this host's push path broken on purpose
        }

        // A child of the grain call that raised the alarm (Orleans carries the trace), so one trace
        // runs from the device's request to the dashboards; recorded whatever share of traces is.
        using var span = batch.IsUrgent ? MonitoringTelemetry.Source.StartActivity(MonitoringTelemetry.PushSpan) : null;
        span?.SetTag("monitoring.alarms", batch.Alarms.IsDefault ? 0 : batch.Alarms.Length);
        try
        {
            // Queued for on-call phones without waiting; one host of all that hear it sends each (WebPushSender).
            phones.Offer(batch.Escalations);
            if (_pushDelay > TimeSpan.Zero && !batch.Alarms.IsDefaultOrEmpty)
            {
                if (Interlocked.Exchange(ref _delaySaid, 1) == 0)
                {
                    LogPushDelayed(_pushDelay);
                }

                await Task.Delay(_pushDelay, time);
            }

            await EndAccessOfThoseWhoMayNotSeeAsync(batch);
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
            var now = time.GetUtcNow();
            foreach (var alarm in (batch.Alarms.IsDefault ? [] : batch.Alarms).Where(a => a.State == AlarmState.Active && a.AcknowledgedAt is null && a.EscalationLevel == 0 && !SyntheticBeds.IsSynthetic(a.UnitId)))
            {
                MonitoringTelemetry.AlarmLatency.Record((now - alarm.RaisedAt).TotalMilliseconds, new KeyValuePair<string, object?>("priority", AlarmWords.Of(alarm.Priority)));
            }
        }
        catch (Exception exception)
        {
            // A one-way call has nobody to report to; say it here so operators see it.
            LogForwardFailed(exception, batch.Count);
        }
    }

    /// <summary>
    /// Before a patient's events go to the patient's group: watchers who may not see the unit the events
    /// come from (the patient moved there since they joined) are taken out of the group and told.
    /// </summary>
    private async Task EndAccessOfThoseWhoMayNotSeeAsync(PushBatch batch)
    {
        if (!watchers.Any)
        {
            return;
        }

        foreach (var alarm in batch.Alarms.IsDefault ? [] : batch.Alarms)
        {
            await EndAccessAsync(hub, watchers, alarm.PatientId, alarm.UnitId);
        }

        foreach (var vitals in batch.Vitals.IsDefault ? [] : batch.Vitals)
        {
            await EndAccessAsync(hub, watchers, vitals.PatientId, vitals.UnitId);
        }
    }

    /// <summary>
    /// Takes the connections of this host that may not see <paramref name="patientId"/> in
    /// <paramref name="unitId"/> (all of them when null: discharged) out of the patient's group, and tells them.
    /// </summary>
    public static async Task EndAccessAsync(IHubContext<MonitoringHub> hub, PatientWatchers watchers, string patientId, string? unitId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(watchers);
        foreach (var connectionId in watchers.TakeThoseWhoMayNotSee(patientId, unitId))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, PushGroups.Patient(patientId));
            await hub.Clients.Client(connectionId).SendAsync(PushEvents.AccessEnded, new { patientId, reason = unitId is null ? "discharged" : "moved" });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault hook on (Diagnostics:EnableFaultHooks): every batch of alarms is held {Delay} before it is pushed to this host's dashboards. For tests of the deployment only")]
    private partial void LogPushDelayed(TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward {Count} events to SignalR clients")]
    private partial void LogForwardFailed(Exception exception, int count);
}
