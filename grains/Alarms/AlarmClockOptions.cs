using System.ComponentModel.DataAnnotations;

namespace Monitoring.Alarms;

/// <summary>Timing of the alarm clock and the early-warning score.</summary>
public sealed class AlarmClockOptions
{
    public const string Section = "Alarms";

    /// <summary>How often a patient with something waiting on time (a delay, an escalation, a re-alarm) checks it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10", ErrorMessage = "Alarms:TickInterval must be between 50 ms and 10 s.")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A value older than this does not count towards NEWS2 (it is reported as stale).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00", ErrorMessage = "Alarms:News2MaxAge must be between 10 s and 7 days.")]
    public TimeSpan News2MaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A bound device silent for longer than this raises <c>device-offline</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Alarms:DeviceOfflineAfter must be between 1 s and 1 h.")]
    public TimeSpan DeviceOfflineAfter { get; set; } = TimeSpan.FromSeconds(15);
}
