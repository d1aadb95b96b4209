namespace Monitoring.Api.Push;

/// <summary>Names of the SignalR groups events are sent to.</summary>
public static class PushGroups
{
    /// <summary>On-call staff who see every unit.</summary>
    public const string OnCall = "oncall";

    /// <summary>Every connection that joined a unit (a central station): the system's own technical alarms go here.</summary>
    public const string Stations = "stations";

    /// <summary>On-call staff of one unit.</summary>
    public static string OnCallOf(string unitId) => "oncall:" + unitId;

    public static string Unit(string unitId) => "unit:" + unitId;

    public static string Patient(string patientId) => "patient:" + patientId;
}
