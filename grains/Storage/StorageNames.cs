namespace Monitoring.Storage;

/// <summary>
/// Names of grain storage providers and of persistent states. The ADO.NET storage key ignores the
/// grain type, so every grain type has its own state name.
/// </summary>
public static class StorageNames
{
    public const string Provider = "monitoring";

    public const string PatientState = "patient";
    public const string DeviceState = "device";
    public const string UnitState = "unit";
    public const string PushHubsState = "push-hubs";
}
