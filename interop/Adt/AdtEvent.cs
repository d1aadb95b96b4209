namespace Monitoring.Adt;

/// <summary>
/// What an ADT message says happened, read by <see cref="AdtReader"/>: the trigger, the patient (the PID-3 identifier
/// of the configured type, an opaque id), where the patient is (PV1-3) and was (PV1-6), and when it happened.
/// </summary>
/// <param name="Sender">MSH-3 and MSH-4 as received: with <paramref name="ControlId"/>, what makes a resent message known.</param>
/// <param name="ControlId">MSH-10.</param>
/// <param name="EffectiveAt">When the event happened, which orders a patient's events: EVN-6, else EVN-2, else MSH-7.</param>
public sealed record AdtEvent(
    AdtTrigger Trigger,
    string PatientId,
    AdtLocation? Location,
    AdtLocation? PriorLocation,
    DateTimeOffset EffectiveAt,
    string Sender,
    string ControlId);
