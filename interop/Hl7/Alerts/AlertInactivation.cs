namespace Monitoring.Hl7.Alerts;

/// <summary>The inactivation state of an alert (MDC_ATTR_ALARM_INACTIVATION_STATE): enabled, or acknowledged by someone.</summary>
public enum AlertInactivation
{
    Enabled = 1,
    Acknowledged = 2,
}
