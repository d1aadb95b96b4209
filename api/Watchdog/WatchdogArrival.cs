namespace Monitoring.Api.Watchdog;

/// <summary>An alarm of a synthetic patient as this host's hub client received it, and when.</summary>
public sealed record WatchdogArrival(string PatientId, string AlarmId, string Code, string State, double? Value, long ReceivedTimestamp);
