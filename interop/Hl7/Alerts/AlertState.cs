namespace Monitoring.Hl7.Alerts;

/// <summary>The alarm state of an alert (MDC_ATTR_ALARM_STATE): active while its condition is there or latched, inactive once it ended.</summary>
public enum AlertState
{
    Active = 1,
    Latched = 2,
    Inactive = 3,
}
