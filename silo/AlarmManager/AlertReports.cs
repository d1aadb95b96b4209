using System.Globalization;
using Monitoring.Alarms;
using Monitoring.Hl7.Alerts;
using Monitoring.Vitals;

namespace Monitoring.Silo.AlarmManager;

/// <summary>
/// How a transition of the alarm history is told to the alarm manager: raised starts the alert; acknowledged
/// acknowledges it (and its inactivation state says so); alarming again updates it; escalated escalates it; every way an
/// alarm ends (resolved, superseded by a deeper tier, its limit removed, its device unbound) ends it.
/// </summary>
internal static class AlertReports
{
    public static AlertReport Of(AlarmHistoryRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var state = Parse<AlarmState>(row.ToState, "to_state");
        // A reason this release does not know (a newer one's) is still a change of the alert: an update.
        var reason = AlarmWords.TryParse<AlarmTransitionReason>(row.Reason, out var known) ? known : default;
        var phase = state == AlarmState.Resolved ? AlertPhase.End : reason switch
        {
            AlarmTransitionReason.Raised => AlertPhase.Start,
            AlarmTransitionReason.Escalated => AlertPhase.Escalate,
            AlarmTransitionReason.Acknowledged => AlertPhase.Acknowledged,
            _ => AlertPhase.Update,
        };
        return new AlertReport(
            AlertId: row.AlarmId,
            Update: UpdateOf(row.TransitionKey),
            PatientId: row.PatientId,
            UnitId: row.UnitId,
            Bed: row.Bed,
            Kind: Parse<AlarmKind>(row.Kind, "kind"),
            Code: row.Code,
            Priority: Parse<AlarmPriority>(row.Priority, "priority"),
            Phase: phase,
            State: state == AlarmState.Resolved ? AlertState.Inactive : AlertState.Active,
            Inactivation: state == AlarmState.Acknowledged ? AlertInactivation.Acknowledged : AlertInactivation.Enabled,
            Source: SourceOf(row.Vital, row.Code),
            Value: row.Value,
            DeviceId: row.DeviceId,
            StartedAt: row.RaisedAt,
            OccurredAt: row.OccurredAt,
            EscalationLevel: row.EscalationLevel,
            Actor: reason == AlarmTransitionReason.Acknowledged ? row.AcknowledgedBy : null);
    }

    /// <summary>
    /// The vital sign an alarm is about: the one it names (technical alarms), else the one its code starts with
    /// (<c>spo2-desat</c>), asystole's heart rate and apnoea's respiration; none for NEWS2 and device alarms.
    /// </summary>
    public static VitalSign? SourceOf(string? vital, string code)
    {
        if (vital is not null && VitalSignCatalog.TryGetByCode(vital, out var named))
        {
            return named.Sign;
        }

        if (code == AlarmRuleSet.AsystoleCode)
        {
            return VitalSign.HeartRate;
        }

        if (code == AlarmRuleSet.ApnoeaCode)
        {
            return VitalSign.RespirationRate;
        }

        var dash = code.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && VitalSignCatalog.TryGetByCode(code[..dash], out var prefixed) ? prefixed.Sign : null;
    }

    /// <summary>The n of a transition key <c>{alarmId}#{n}</c>.</summary>
    private static int UpdateOf(string transitionKey)
    {
        var at = transitionKey.LastIndexOf('#');
        return at >= 0 && int.TryParse(transitionKey.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
    }

    private static T Parse<T>(string word, string column)
        where T : struct, Enum =>
        AlarmWords.TryParse<T>(word, out var value) ? value : throw new FormatException($"alarm_history.{column} '{word}' is not a {typeof(T).Name}.");
}
