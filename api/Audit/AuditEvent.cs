namespace Monitoring.Api.Audit;

/// <summary>One row of the audit trail: who did what to which resource, with what outcome, when, from where.</summary>
public sealed record AuditEvent(
    DateTimeOffset At,
    string Subject,
    string Roles,
    string Action,
    string Resource,
    string Outcome,
    string? ClientAddress,
    string? TraceId,
    string? Reason);

/// <summary>The audited actions.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string PatientRead = "patient.read";
    public const string UnitRead = "unit.read";

    /// <summary>A unit's alarm analytics read (JSON or CSV): figures over a period, for nurse leads and admins.</summary>
    public const string AlarmAnalyticsRead = "unit.alarm-analytics";
    public const string Acknowledge = "alarm.acknowledge";
    public const string LimitsChange = "limits.change";
    public const string SettingsChange = "settings.change";
    public const string Admission = "patient.admit";
    public const string Discharge = "patient.discharge";
    public const string Binding = "device.bind";
    public const string Readings = "readings.post";
    public const string AuditRead = "audit.read";
    public const string AuditVerify = "audit.verify";
    public const string GatewayRegister = "gateway.register";
    public const string GatewayRemove = "gateway.remove";
    public const string MllpRefused = "mllp.refused";

    /// <summary>Batches on a gateway's stream for devices it is not registered for (counted, a row per gateway and interval).</summary>
    public const string GatewayRefused = "gateway.refused";

    /// <summary>The alarm manager's report on an alarm (IHE PCD-05): delivered, read, declined, undeliverable.</summary>
    public const string AlarmDissemination = "alarm.dissemination";

    /// <summary>A patient admitted, moved or discharged by a message of the ADT feed (its trigger and control id in the reason).</summary>
    public const string AdtChange = "patient.adt";

    /// <summary>A feed location mapped to a bed, or its mapping removed.</summary>
    public const string LocationMap = "location.map";

    /// <summary>A whole stay read out at once (the FHIR export): a bulk read of patient data.</summary>
    public const string StayExport = "stay.export";

    /// <summary>A phone subscribed to (or stopped) push notifications of escalations in its person's units.</summary>
    public const string PushSubscribe = "push.subscribe";
    public const string PushUnsubscribe = "push.unsubscribe";

    /// <summary>A what-if replay of proposed limits queued (or read).</summary>
    public const string ReplayQueue = "limits.replay";

    /// <summary>A replayed proposal put in force, with the replay's figures (and the reason, for a flagged one).</summary>
    public const string ReplayApply = "limits.apply-replay";

    /// <summary>An api host's alarm path found degraded by its watchdog (late or missing probes), with what it found; once per change.</summary>
    public const string WatchdogDegraded = "watchdog.degraded";

    /// <summary>An api host's alarm path on time again.</summary>
    public const string WatchdogCleared = "watchdog.cleared";

    /// <summary>A test hook (Diagnostics:EnableFaultHooks) set or removed: a host broken on purpose.</summary>
    public const string FaultHook = "diagnostics.fault-hook";
}

/// <summary>How an audited action ended.</summary>
public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Denied = "denied";
    public const string Failed = "failed";
}
