using Monitoring.Alarms;
using Monitoring.Telemetry;

namespace Monitoring.Patients;

/// <summary>Alarm metrics from a patient's alarm changes: alarms raised by priority and kind, time to acknowledge.</summary>
internal static class AlarmMetrics
{
    public static void Record(IReadOnlyList<AlarmTransition> transitions)
    {
        foreach (var transition in transitions)
        {
            var alarm = transition.Alarm;
            if (transition.Reason == AlarmTransitionReason.Raised)
            {
                MonitoringTelemetry.AlarmsRaised.Add(1, new("priority", AlarmWords.Of(alarm.Priority)), new("kind", AlarmWords.Of(alarm.Kind)));
            }
            else if (transition.Reason == AlarmTransitionReason.Acknowledged)
            {
                MonitoringTelemetry.TimeToAcknowledge.Record((transition.At - alarm.RaisedAt).TotalSeconds, new KeyValuePair<string, object?>("priority", AlarmWords.Of(alarm.Priority)));
            }
        }
    }
}
