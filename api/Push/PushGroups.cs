namespace Monitoring.Api.Push;

/// <summary>Names of the SignalR groups events are sent to.</summary>
public static class PushGroups
{
    public const string OnCall = "oncall";

    public static string Unit(string unitId) => "unit:" + unitId;

    public static string Patient(string patientId) => "patient:" + patientId;
}
