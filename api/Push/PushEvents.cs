namespace Monitoring.Api.Push;

/// <summary>Names of the events the hub sends (API.md).</summary>
public static class PushEvents
{
    public const string Vitals = "vitals";
    public const string Alarm = "alarm";
    public const string Escalation = "escalation";
}
