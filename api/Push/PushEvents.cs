namespace Monitoring.Api.Push;

/// <summary>Names of the events the hub sends (API.md).</summary>
public static class PushEvents
{
    public const string Vitals = "vitals";
    public const string Alarm = "alarm";
    public const string Escalation = "escalation";

    /// <summary>A technical alarm of the monitoring system itself (<c>monitoring-path-degraded</c>), to every central station.</summary>
    public const string SystemAlarm = "system-alarm";

    /// <summary>
    /// To a connection taken out of a patient's group: <c>{"patientId","reason":"moved"|"discharged"}</c>.
    /// Nothing more of the patient reaches it.
    /// </summary>
    public const string AccessEnded = "access-ended";
}
