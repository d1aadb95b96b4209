using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.Api.Audit;
using Monitoring.Hl7;
using Monitoring.Hl7.Alerts;
using Monitoring.Mllp;
using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Api.AlarmManager;

/// <summary>
/// Takes the alarm manager's IHE PCD-05 Report Alert Status messages (<c>ORA^R41</c>) and answers each with
/// its ACK. Every status is audited (action <c>alarm.dissemination</c>, with the message control id) and kept on
/// the alarm, where the dashboards show it ("paged Dr Berg, read 12 s"); one saying nobody has the alarm
/// (undeliverable, declined) escalates it at once. AA when taken, also for an alarm that has ended since (the
/// status is then on record in the audit trail only); AE when the message lacks what it needs or names no
/// alarm of ours (204); AR when it is not a PCD-05 at all. The message text is never logged.
/// </summary>
public sealed partial class AlertStatusHandler(
    IGrainFactory grains,
    AuditTrail audit,
    IOptionsMonitor<MllpOptions> mllp,
    TimeProvider time,
    ILogger<AlertStatusHandler> logger) : IMllpMessageHandler
{
    /// <summary>Who the audit trail names for what the alarm manager reports.</summary>
    public const string Actor = "alarm-manager";

    private readonly AssumedTimeZone _timesWithoutZone = mllp.Get(AlertStatusSetup.ListenerName).TimesWithoutZone();
    private long _acks;

    public async Task<byte[]> HandleAsync(MllpPeer peer, byte[] message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var span = MonitoringTelemetry.Source.StartActivity("mllp ORA^R41", ActivityKind.Server);
        var now = time.GetUtcNow();
        var ackId = $"ACK{now:yyyyMMddHHmmss}{Interlocked.Increment(ref _acks)}";
        var parsed = Hl7Message.Parse(Hl7Bytes.Decode(message));
        if (parsed.Message is not { } received)
        {
            return Encode(Hl7Acknowledgement.Reject(null, AckCode.AR, Hl7ErrorCodes.SegmentSequenceError, $"Not an HL7 v2 message: {parsed.Error}", ackId, now));
        }

        var status = AlertStatusReader.Read(received, _timesWithoutZone);
        if (status.Error is { } error)
        {
            LogRefused(received.ControlId, error.Code);
            var code = error.Code == Hl7ErrorCodes.UnsupportedMessageType ? AckCode.AR : AckCode.AE;
            return Encode(Hl7Acknowledgement.Reject(received, code, [error], ackId, now));
        }

        var alertId = status.AlertId!;
        if (AlarmIds.PatientOf(alertId) is not { } patientId)
        {
            LogRefused(received.ControlId, Hl7ErrorCodes.UnknownKeyIdentifier);
            return Encode(Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.UnknownKeyIdentifier,
                "OBR-29.2 (or OBR-3) names no alert we reported.", ackId, now));
        }

        AlarmView? alarm = null;
        try
        {
            foreach (var report in status.Reports.OrderBy(r => r.At))
            {
                alarm = await grains.GetPatient(patientId).RecordDisseminationAsync(alertId, new AlarmDissemination(report.Status, report.Recipient, report.Device, report.At));
            }
        }
        catch (Exception exception) when (Outages.IsTransient(exception))
        {
            LogUnavailable(received.ControlId, exception.GetType().Name);
            return Encode(Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError, "Temporarily unavailable; send the message again.", ackId, now));
        }

        foreach (var report in status.Reports)
        {
            audit.Record(new AuditEvent(now, Actor, Actor, AuditActions.AlarmDissemination, $"alarm/{alertId}", AuditOutcomes.Success,
                peer.Address.ToString(), Activity.Current?.TraceId.ToString(), Describe(report, received.ControlId, alarm is not null)));
        }

        return Encode(Hl7Acknowledgement.Accept(received, ackId, now));
    }

    /// <summary>The audit row's reason: the status, who, on what, when, and the message it came in.</summary>
    public static string Describe(AlertStatusReport report, string controlId, bool alarmOpen)
    {
        ArgumentNullException.ThrowIfNull(report);
        var who = report.Recipient is { } person ? $" {person}" : "";
        var device = report.Device is { } d ? $" on {d}" : "";
        var ended = alarmOpen ? "" : " (alarm no longer open)";
        return $"{AlarmWords.Of(report.Status)}{who}{device} at {report.At:O}; MSH-10 {controlId}{ended}";
    }

    private static byte[] Encode(string ack) => Hl7Bytes.Encode(ack);

    [LoggerMessage(Level = LogLevel.Information, Message = "PCD-05 message {ControlId} refused ({ErrorCode})")]
    private partial void LogRefused(string controlId, string errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PCD-05 message {ControlId} not taken: cluster unavailable ({ExceptionType})")]
    private partial void LogUnavailable(string controlId, string exceptionType);
}
