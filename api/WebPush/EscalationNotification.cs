using System.Text.Json;
using System.Text.Json.Serialization;
using Monitoring.Alarms;

namespace Monitoring.Api.WebPush;

/// <summary>
/// The payload pushed to an on-call phone for one escalation: what the on-call page shows of it (unit, bed, code,
/// priority, value, raised time; no patient name or identifier) and the secret that acknowledges it from the
/// notification. Encrypted to the subscription's keys (RFC 8291); well under the 4 KB a push service takes.
/// </summary>
public sealed record EscalationNotification(
    string Type,
    string AlarmId,
    string UnitId,
    string Bed,
    string Code,
    string Priority,
    double? Value,
    DateTimeOffset RaisedAt,
    int EscalationLevel,
    string Acknowledge,
    DateTimeOffset AcknowledgeUntil)
{
    public const string EscalationType = "escalation";

    /// <summary>A push service takes at most 4,096 bytes of encrypted payload (RFC 8030); this leaves room for the encryption's own.</summary>
    public const int MaxBytes = 3_000;

    public static EscalationNotification Of(AlarmView alarm, string acknowledgeSecret, DateTimeOffset acknowledgeUntil)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return new(EscalationType, alarm.AlarmId, alarm.UnitId, alarm.Bed, alarm.Code, AlarmWords.Of(alarm.Priority),
            alarm.Value is { } v && double.IsFinite(v) ? v : null, alarm.RaisedAt, alarm.EscalationLevel, acknowledgeSecret, acknowledgeUntil);
    }

    public string ToJson() => JsonSerializer.Serialize(this, EscalationNotificationJson.Default.EscalationNotification);
}
