namespace Monitoring.Hl7.Alerts;

/// <summary>
/// Where an alert is in its life, as IHE PCD-04 reports it (MDC_ATTR_EVENT_PHASE): it starts, is acknowledged,
/// updated (alarming again), escalated, and ends.
/// </summary>
public enum AlertPhase
{
    Start = 1,
    Update = 2,
    Escalate = 3,
    End = 4,

    /// <summary>Someone acknowledged it (the TF's phase value of CP-126); its inactivation state says so too.</summary>
    Acknowledged = 5,
}
