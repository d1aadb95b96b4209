using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Monitoring.Api.Gateways;
using Monitoring.Api.Ingestion;
using Monitoring.Hl7;
using Monitoring.Ingestion;
using Monitoring.Mllp;
using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Api.Mllp;

/// <summary>
/// Takes one ORU^R01 (IHE PCD-01) and answers its ACK: AA when the readings were taken (or had been
/// taken before under the same control id), with a warning ERR for each reason some OBX were not;
/// AE when the sender should fix something or resend later (an OBX dated ahead of our clock refuses
/// the whole message, and the device's patient is told its clock is off); AR when the message is not
/// one we take, or names a device its sender may not report for (<see cref="GatewayRegistry"/>: the same
/// answer whether the device is known or not, counted in the audit trail). The message text is never
/// logged (PID holds names).
/// </summary>
public sealed partial class Hl7MessageHandler(
    IGrainFactory grains,
    IOptions<MllpOptions> options,
    DeviceClockReporter clock,
    GatewayRegistry gateways,
    RefusedMllpMessages refusals,
    TimeProvider time,
    ILogger<Hl7MessageHandler> logger) : IMllpMessageHandler
{
    private readonly AssumedTimeZone _timesWithoutZone = options.Value.TimesWithoutZone();
    private readonly MllpConnectionDevices _connections = new();
    private long _acks;

    public async Task<byte[]> HandleAsync(MllpPeer peer, byte[] message, CancellationToken cancellationToken)
    {
        // The root of the message's trace: the grain calls, the database and the push hang below it.
        using var span = MonitoringTelemetry.Source.StartActivity("mllp ORU^R01", ActivityKind.Server);
        span?.SetTag("network.protocol.name", "mllp");
        var now = time.GetUtcNow();
        var ackId = $"ACK{now:yyyyMMddHHmmss}{Interlocked.Increment(ref _acks)}";
        var parsed = Hl7Message.Parse(Decode(message));
        if (parsed.Message is not { } received)
        {
            LogRefused("unparseable", "");
            return Encode(Hl7Acknowledgement.Reject(null, AckCode.AR, Hl7ErrorCodes.SegmentSequenceError, $"Not an HL7 v2 message: {parsed.Error}", ackId, now));
        }

        var oru = OruR01Reader.Read(received, _timesWithoutZone, now);
        var refusal = (oru.Error, received.ControlId) switch
        {
            (OruR01ErrorKind.WrongMessageType, _) => Refuse(AckCode.AR, Hl7ErrorCodes.UnsupportedMessageType, oru.ErrorText ?? $"Only ORU^R01 is taken here, not {received.MessageType}."),
            _ when !received.Version.StartsWith("2.", StringComparison.Ordinal) =>
                Refuse(AckCode.AR, Hl7ErrorCodes.UnsupportedVersionId, "Only HL7 version 2 messages (MSH-12 2.x) are taken here."),
            _ when received.Header.Component(11, 1) != "P" =>
                Refuse(AckCode.AR, Hl7ErrorCodes.UnsupportedProcessingId, "Only production messages (MSH-11 P) go into a patient's record; training and debugging ones are refused."),
            ({ } error, _) => Refuse(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, oru.ErrorText ?? error.ToString()),
            (null, "") => Refuse(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "MSH-10 (message control id) is required."),
            _ => default((AckCode, IReadOnlyList<Hl7Error>)?),
        };
        bool mayReport;
        try
        {
            mayReport = refusal is not null || await gateways.MayReportAsync(peer.Identity, oru.DeviceId!, cancellationToken);
        }
        catch (Exception exception) when (Outages.IsTransient(exception) || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A sender not heard from since this api started, while PostgreSQL is out: asked to send again.
            LogUnavailable(exception.GetType().Name, received.ControlId);
            return Unavailable(received, ackId, now);
        }

        if (!mayReport)
        {
            // Before anything else that names the device (its clock, its binding): a sender learns nothing of
            // devices that are not its own, and cannot raise an alarm at their bedside.
            refusals.Count(peer, oru.DeviceId!);
            refusal = Refuse(AckCode.AR, Hl7ErrorCodes.UnknownKeyIdentifier,
                $"This sender may not report for device {oru.DeviceId}: an admin registers the devices of each gateway (PUT /api/v1/gateways/{{gatewayId}}).");
        }
        else if (refusal is null && oru.AheadOfClock.Count > 0)
        {
            // The device's clock is off: its other times are suspect too, so nothing of the message is taken,
            // and the device's patient is told (device-clock) before the sender hears of it.
            await clock.ReportAsync(oru.DeviceId!, oru.AheadOfClock.Max(a => a.Skew));
            refusal = (AckCode.AE, OruR01Errors.AheadOfClock(oru.AheadOfClock));
        }
        else if (refusal is null && oru.Readings.Count == 0 && oru.Skipped is { NonNumeric: > 0 } or { UnknownUnits: > 0 } or { BadTimes: > 0 })
        {
            // Vital signs were there but none could be read: say so, rather than take nothing with AA.
            refusal = Refuse(AckCode.AE, Hl7ErrorCodes.DataTypeError, Unreadable(oru.Skipped));
        }

        if (refusal is var (code, errors))
        {
            LogRefused(errors[0].Code, received.ControlId);
            return Encode(Hl7Acknowledgement.Reject(received, code, errors, ackId, now));
        }

        var batch = new ReadingBatch(SequenceOf(received.SendingApplication, received.ControlId), [.. oru.Readings], _connections.CarriesSeveralDevices(peer, oru.DeviceId!));
        IngestResult result;
        try
        {
            result = await grains.GetDevice(oru.DeviceId!).IngestAsync(batch);
        }
        catch (Exception exception) when (Outages.IsTransient(exception))
        {
            LogUnavailable(exception.GetType().Name, received.ControlId);
            return Unavailable(received, ackId, now);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A fault of ours: the sender still gets an answer, and the log the details (never the message).
            LogFailed(exception, received.ControlId);
            return Encode(Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError, "The message could not be processed because of an error on our side; it has been logged. Send it again: a message sent again is stored once.", ackId, now));
        }

        var skipped = OruR01Errors.Skipped(oru.SkippedAt);
        return Encode(result switch
        {
            { Outcome: IngestOutcome.DeviceNotBound } => Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.UnknownKeyIdentifier,
                $"Unknown device {oru.DeviceId}: it is not bound to an admitted patient.", ackId, now),
            { Outcome: IngestOutcome.Busy } => Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError,
                "Busy; nothing was stored. Send the message again shortly.", ackId, now),
            { Outcome: IngestOutcome.Accepted, Accepted: 0, RefusedBeforeBinding: > 0 and var before } =>
                Hl7Acknowledgement.Reject(received, AckCode.AE, [OruR01Errors.BeforeBinding(before, noneTaken: true), .. skipped], ackId, now),
            { RefusedBeforeBinding: > 0 and var before } =>
                Hl7Acknowledgement.Accept(received, ackId, now, [OruR01Errors.BeforeBinding(before, noneTaken: false), .. skipped]),
            _ => Hl7Acknowledgement.Accept(received, ackId, now, skipped),
        });
    }

    private static byte[] Unavailable(Hl7Message received, string ackId, DateTimeOffset now) =>
        Encode(Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError, "Temporarily unavailable; nothing was stored. Send the message again.", ackId, now));

    private static (AckCode, IReadOnlyList<Hl7Error>)? Refuse(AckCode code, string errorCode, string text) => (code, [new Hl7Error(errorCode, text)]);

    private static string Unreadable(SkippedObservations skipped) =>
        $"No vital sign in the message could be read ({skipped.NonNumeric} with a value that is not a finite number (OBX-5), " +
        $"{skipped.UnknownUnits} in a unit we cannot convert (OBX-6), {skipped.BadTimes} without a valid time (OBX-14, OBR-7 or MSH-7)); nothing was stored.";

    /// <summary>
    /// The batch sequence of a message: its sender and control id, hashed, so that a message sent again
    /// is recognised by the device grain like a JSON batch with the same sequence.
    /// </summary>
    public static long SequenceOf(string sender, string controlId) => BatchSequences.FromKey($"{sender}\u001f{controlId}");

    private static string Decode(byte[] bytes) => Hl7Bytes.Decode(bytes);

    private static byte[] Encode(string ack) => Hl7Bytes.Encode(ack);

    [LoggerMessage(Level = LogLevel.Information, Message = "HL7 message {ControlId} refused ({ErrorCode})")]
    private partial void LogRefused(string errorCode, string controlId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HL7 message {ControlId} not taken: cluster unavailable ({ExceptionType})")]
    private partial void LogUnavailable(string exceptionType, string controlId);

    [LoggerMessage(Level = LogLevel.Error, Message = "HL7 message {ControlId} failed")]
    private partial void LogFailed(Exception exception, string controlId);
}
