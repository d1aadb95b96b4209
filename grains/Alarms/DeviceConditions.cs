namespace Monitoring.Alarms;

/// <summary>The technical condition of a bound device that has gone quiet.</summary>
public static class DeviceConditions
{
    public const string OfflineCode = "device-offline";

    public const string ClockCode = "device-clock";

    public const string UnboundCode = "device-unbound";

    public static ConditionObservation Offline(string deviceId, bool silent, DateTimeOffset observedAt) =>
        new($"{OfflineCode}:{deviceId}", OfflineCode, AlarmKind.Technical, AlarmPriority.Medium,
            silent ? ConditionStatus.Breaching : ConditionStatus.Clear, null, observedAt, TimeSpan.Zero, DeviceId: deviceId);

    /// <summary>
    /// A device whose clock runs ahead (its readings were refused): medium, the value is the skew in seconds.
    /// Its next accepted batch clears it (<paramref name="skew"/> null).
    /// </summary>
    public static ConditionObservation Clock(string deviceId, TimeSpan? skew, DateTimeOffset observedAt) =>
        new($"{ClockCode}:{deviceId}", ClockCode, AlarmKind.Technical, AlarmPriority.Medium,
            skew is null ? ConditionStatus.Clear : ConditionStatus.Breaching, skew is { } s ? Math.Round(s.TotalSeconds) : null,
            observedAt, TimeSpan.Zero, DeviceId: deviceId);

    /// <summary>
    /// A device was taken from the patient (bound to another): medium, like <c>device-offline</c>, as the
    /// patient is no longer monitored by it. One per patient whatever the device; a device bound to the
    /// patient again (<paramref name="taken"/> false) clears it.
    /// </summary>
    public static ConditionObservation Unbound(bool taken, DateTimeOffset observedAt) =>
        new(UnboundCode, UnboundCode, AlarmKind.Technical, AlarmPriority.Medium,
            taken ? ConditionStatus.Breaching : ConditionStatus.Clear, null, observedAt, TimeSpan.Zero);
}
