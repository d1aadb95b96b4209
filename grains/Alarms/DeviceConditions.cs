namespace Monitoring.Alarms;

/// <summary>The technical condition of a bound device that has gone quiet.</summary>
public static class DeviceConditions
{
    public const string OfflineCode = "device-offline";

    public static ConditionObservation Offline(string deviceId, bool silent, DateTimeOffset observedAt) =>
        new($"{OfflineCode}:{deviceId}", OfflineCode, AlarmKind.Technical, AlarmPriority.Medium,
            silent ? ConditionStatus.Breaching : ConditionStatus.Clear, null, observedAt, TimeSpan.Zero, DeviceId: deviceId);
}
