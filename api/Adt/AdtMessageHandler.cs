using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitoring.Adt;
using Monitoring.Api.Audit;
using Monitoring.Api.Push;
using Monitoring.Census;
using Monitoring.Hl7;
using Monitoring.Mllp;
using Monitoring.Storage;
using Monitoring.Telemetry;
using Npgsql;

namespace Monitoring.Api.Adt;

/// <summary>
/// Takes one ADT message from the patient administration system and answers its ACK: AA when applied, or taken
/// without change (a resend, an event older than what stands, a cancel whose event a later one overtook: each said in
/// a warning ERR); AE when the message is ours but cannot be applied (a field missing or unreadable, a location nobody
/// mapped, a bed held by another patient), AR when it is not one we take. Nothing changes unless AA: the patient's
/// move, its record and the message's control id are committed together (<see cref="AdtFeedStore"/>). Every change is
/// audited with the trigger and control id, as done by the sender. Neither the message nor the patient's id is logged.
/// </summary>
public sealed partial class AdtMessageHandler(
    IGrainFactory grains,
    IOptions<AdtOptions> options,
    IOptionsMonitor<MllpOptions> listeners,
    AdtFeedStore store,
    AdtLocationMap locations,
    AuditTrail audit,
    IHubContext<MonitoringHub> hub,
    PatientWatchers watchers,
    TimeProvider time,
    ILogger<AdtMessageHandler> logger) : IMllpMessageHandler
{
    private const string Warning = "0";
    private readonly AdtPatientIdentifier _identifier = options.Value.Identifier;
    private readonly AssumedTimeZone _timesWithoutZone = listeners.Get(AdtOptions.ListenerName).TimesWithoutZone();
    private long _acks;
    private int _identifierLogged;

    public async Task<byte[]> HandleAsync(MllpPeer peer, byte[] message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (Interlocked.Exchange(ref _identifierLogged, 1) == 0)
        {
            LogIdentifier(_identifier.TypeCode, _identifier.AssigningAuthority is { } authority ? $" assigned by {authority} (Adt:PatientIdentifierAuthority)" : "");
        }

        using var span = MonitoringTelemetry.Source.StartActivity("mllp ADT", ActivityKind.Server);
        span?.SetTag("network.protocol.name", "mllp");
        var now = time.GetUtcNow();
        var ackId = $"ACK{now:yyyyMMddHHmmss}{Interlocked.Increment(ref _acks)}";
        var parsed = Hl7Message.Parse(Decode(message));
        if (parsed.Message is not { } received)
        {
            LogRefused("unparseable", "", "");
            return Encode(Hl7Acknowledgement.Reject(null, AckCode.AR, Hl7ErrorCodes.SegmentSequenceError, $"Not an HL7 v2 message: {parsed.Error}", ackId, now));
        }

        var read = AdtReader.Read(received, _identifier, _timesWithoutZone);
        if (!read.Succeeded)
        {
            LogRefused(read.Error.Code, received.TriggerEvent, received.ControlId);
            return Encode(Hl7Acknowledgement.Reject(received, read.Code, [read.Error], ackId, now));
        }

        var adtEvent = read.Event;
        span?.SetTag("hl7.trigger", adtEvent.Trigger.ToString());
        if (!audit.HasRoom)
        {
            return Encode(Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError,
                "The audit trail cannot record this change right now; nothing was changed. Send the message again.", ackId, now));
        }

        try
        {
            var (code, errors) = await ApplyAsync(peer, adtEvent, now, cancellationToken);
            return Encode(code == AckCode.AA ? Hl7Acknowledgement.Accept(received, ackId, now, errors) : Hl7Acknowledgement.Reject(received, code, errors, ackId, now));
        }
        catch (Exception exception) when (Outages.IsTransient(exception) || exception is NpgsqlException || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(exception.GetType().Name, adtEvent.Trigger, adtEvent.ControlId);
            return Encode(Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError,
                "Temporarily unavailable; nothing was changed. Send the message again.", ackId, now));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(exception, adtEvent.Trigger, adtEvent.ControlId);
            return Encode(Hl7Acknowledgement.Reject(received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError,
                "The message could not be processed because of an error on our side; it has been logged. Send it again: a message sent again is applied once.", ackId, now));
        }
    }

    /// <summary>Applies the event under the patient's lock; commits only what is answered AA.</summary>
    private async Task<(AckCode Code, IReadOnlyList<Hl7Error> Errors)> ApplyAsync(MllpPeer peer, AdtEvent adtEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await store.BeginAsync(adtEvent.PatientId, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            if (await AdtFeedStore.WasTakenAsync(transaction, adtEvent, cancellationToken))
            {
                LogTaken(adtEvent.Trigger, adtEvent.ControlId, "duplicate");
                return (AckCode.AA, [Warn($"Message {adtEvent.ControlId} was taken before; nothing changed (a message sent again is applied once).")]);
            }

            var record = await AdtFeedStore.ReadAsync(transaction, adtEvent.PatientId, cancellationToken);
            var patient = grains.GetPatient(adtEvent.PatientId);
            var current = await patient.GetAdmissionAsync() is { } admission ? new UnitBed(admission.UnitId, admission.Bed) : null;
            UnitBed? target = null;
            if (adtEvent.Location is { } location && NeedsLocation(adtEvent, current) && !AdtRules.IsOlder(adtEvent, record))
            {
                target = await locations.FindAsync(connection, location, cancellationToken);
                if (target is null)
                {
                    LogRefused(Hl7ErrorCodes.TableValueNotFound, adtEvent.Trigger, adtEvent.ControlId);
                    return Refused(AckCode.AE, Hl7ErrorCodes.TableValueNotFound, 3,
                        $"PV1-3 location {location} is not mapped to a bed; an admin maps it (PUT /api/v1/locations/{{pointOfCare}}/{{room}}/{{bed}}). Nothing was changed.");
                }
            }

            var decision = AdtRules.Decide(adtEvent, current, record, target);
            switch (decision.Kind)
            {
                case AdtDecisionKind.Refused:
                    LogRefused(Hl7ErrorCodes.RequiredFieldMissing, adtEvent.Trigger, adtEvent.ControlId);
                    return Refused(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, decision.Field, decision.Why! + " Nothing was changed.");
                case AdtDecisionKind.Older or AdtDecisionKind.Nothing:
                    var older = decision.Kind == AdtDecisionKind.Older;
                    await AdtFeedStore.RecordAsync(transaction, adtEvent, older ? "older" : "unchanged", older ? null : AdtRules.After(adtEvent, decision, current, record), now, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    LogTaken(adtEvent.Trigger, adtEvent.ControlId, older ? "older than the event applied" : "no change");
                    return (AckCode.AA, [Warn(decision.Why!)]);
                case AdtDecisionKind.Place when await patient.AdmitAsync(new Admission(decision.Target!.UnitId, decision.Target.Bed)) == AdmissionOutcome.BedOccupied:
                    LogRefused(Hl7ErrorCodes.ApplicationRecordLocked, adtEvent.Trigger, adtEvent.ControlId);
                    return Refused(AckCode.AE, Hl7ErrorCodes.ApplicationRecordLocked, 3,
                        $"PV1-3 maps to {decision.Target}, which another patient occupies; discharge or move that patient first, then send the message again. Nothing was changed.");
                case AdtDecisionKind.Place:
                    if (current is not null && current.UnitId != decision.Target!.UnitId)
                    {
                        // Who watches the patient live on this host and may not see the new unit leaves the patient's group now.
                        await SignalRPushObserver.EndAccessAsync(hub, watchers, adtEvent.PatientId, decision.Target.UnitId);
                    }

                    break;
                case AdtDecisionKind.Discharge:
                    await patient.DischargeAsync();
                    await SignalRPushObserver.EndAccessAsync(hub, watchers, adtEvent.PatientId, unitId: null);
                    break;
            }

            await AdtFeedStore.RecordAsync(transaction, adtEvent, "applied", AdtRules.After(adtEvent, decision, current, record), now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var change = decision.Kind == AdtDecisionKind.Discharge ? $"discharged from {current}" : current is null ? $"admitted to {decision.Target}" : $"moved to {decision.Target} from {current}";
            audit.Record(new AuditEvent(now, peer.Identity, "adt-feed", AuditActions.AdtChange, $"patient/{adtEvent.PatientId}", AuditOutcomes.Success,
                peer.Address.IsIPv4MappedToIPv6 ? peer.Address.MapToIPv4().ToString() : peer.Address.ToString(), Activity.Current?.TraceId.ToHexString(),
                $"ADT^{adtEvent.Trigger} control id {adtEvent.ControlId}: {change}"));
            LogTaken(adtEvent.Trigger, adtEvent.ControlId, decision.Kind == AdtDecisionKind.Discharge ? "discharged" : current is null ? "admitted" : "moved");
            return (AckCode.AA, []);
        }
    }

    /// <summary>
    /// Whether the event's PV1-3 must be a mapped bed: not for a discharge or a cancelled admission (the patient leaves),
    /// nor for an update of a patient not admitted here (it admits nobody, and most of a hospital's patients are not ours).
    /// </summary>
    private static bool NeedsLocation(AdtEvent adtEvent, UnitBed? current) =>
        adtEvent.Trigger is not (AdtTrigger.A03 or AdtTrigger.A11) && !(adtEvent.Trigger == AdtTrigger.A08 && current is null);

    private static (AckCode, IReadOnlyList<Hl7Error>) Refused(AckCode code, string errorCode, int pv1Field, string text) =>
        (code, [new Hl7Error(errorCode, text, Locations: [new Hl7ErrorLocation("PV1", 1, pv1Field)])]);

    private static Hl7Error Warn(string text) => new(Warning, text, Hl7ErrorSeverity.Warning);

    private static string Decode(byte[] bytes) => Hl7Bytes.Decode(bytes);

    private static byte[] Encode(string ack) => Hl7Bytes.Encode(ack);

    [LoggerMessage(Level = LogLevel.Information, Message = "ADT message {Trigger} {ControlId} refused ({ErrorCode})")]
    private partial void LogRefused(string errorCode, string trigger, string controlId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ADT message {Trigger} {ControlId} refused ({ErrorCode})")]
    private partial void LogRefused(string errorCode, AdtTrigger trigger, string controlId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ADT feed: patients are keyed by the PID-3 identifier of type {Type} (Adt:PatientIdentifierType){Authority}")]
    private partial void LogIdentifier(string type, string authority);

    [LoggerMessage(Level = LogLevel.Information, Message = "ADT message {Trigger} {ControlId} taken: {Outcome}")]
    private partial void LogTaken(AdtTrigger trigger, string controlId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ADT message {Trigger} {ControlId} not taken: unavailable ({ExceptionType})")]
    private partial void LogUnavailable(string exceptionType, AdtTrigger trigger, string controlId);

    [LoggerMessage(Level = LogLevel.Error, Message = "ADT message {Trigger} {ControlId} failed")]
    private partial void LogFailed(Exception exception, AdtTrigger trigger, string controlId);
}
