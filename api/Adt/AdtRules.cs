using System.Globalization;
using Monitoring.Adt;

namespace Monitoring.Api.Adt;

/// <summary>
/// How a feed's event changes a patient, given where the patient is now and what the feed last did (docs/interoperability.md,
/// "ADT in"). Plain rules, no I/O:
/// <list type="bullet">
/// <item>An event dated before the last event taken for the patient changes nothing (a late A02 never readmits after an A03).</item>
/// <item>A01 and A02 put the patient in the bed PV1-3 maps to, admitted or not (a transfer carries the full current location).</item>
/// <item>A04 does when PV1-3 names a bed; A08 moves an admitted patient whose PV1-3 maps to another bed, and admits nobody.</item>
/// <item>A03 and A11 discharge an admitted patient.</item>
/// <item>A12 undoes a transfer that is the last change: back to PV1-3 (the location before the transfer), else to the bed recorded before it.</item>
/// <item>A13 undoes a discharge that is the last change: back to PV1-3, else to the bed recorded before the discharge.</item>
/// <item>A cancel whose event is no longer the last change (a later event came) changes nothing: the later event stands.</item>
/// </list>
/// </summary>
public static class AdtRules
{
    /// <summary>Whether the event is dated before the last event taken for the patient (and so changes nothing).</summary>
    public static bool IsOlder(AdtEvent adtEvent, AdtPatientRecord? record)
    {
        ArgumentNullException.ThrowIfNull(adtEvent);
        return record is not null && adtEvent.EffectiveAt < record.LastEventAt;
    }

    /// <param name="current">Where the patient lies now (from the patient itself), null when not admitted.</param>
    /// <param name="record">What the feed last did to the patient, null when never.</param>
    /// <param name="target">What PV1-3 maps to, null when the message names no location.</param>
    public static AdtDecision Decide(AdtEvent adtEvent, UnitBed? current, AdtPatientRecord? record, UnitBed? target)
    {
        ArgumentNullException.ThrowIfNull(adtEvent);
        if (IsOlder(adtEvent, record))
        {
            return AdtDecision.Older(
                $"Not applied: the event ({Time(adtEvent.EffectiveAt)}) is older than message {record!.LastControlId} ({Time(record.LastEventAt)}), already applied.");
        }

        switch (adtEvent.Trigger)
        {
            case AdtTrigger.A01 or AdtTrigger.A02:
                return target == current ? AdtDecision.Nothing($"The patient is already in {target}.") : AdtDecision.Place(target!);
            case AdtTrigger.A04:
                return target is null ? AdtDecision.Nothing("Registered; PV1-3 names no bed, so nothing changes here.")
                    : target == current ? AdtDecision.Nothing($"The patient is already in {target}.") : AdtDecision.Place(target);
            case AdtTrigger.A08:
                return current is null ? AdtDecision.Nothing("An update admits nobody: the patient is not admitted here.")
                    : target is null || target == current ? AdtDecision.Nothing("Updated; the patient's bed is unchanged.") : AdtDecision.Place(target);
            case AdtTrigger.A03 or AdtTrigger.A11:
                return current is null ? AdtDecision.Nothing("The patient is not admitted here.") : AdtDecision.Discharge();
            case AdtTrigger.A12:
                if (current is null || record?.LastChange != AdtTrigger.A02)
                {
                    return AdtDecision.Nothing(current is null
                        ? "Nothing to cancel: the patient is not admitted here."
                        : "Nothing to cancel: the patient's last change here is not a transfer (a later event stands).");
                }

                return Back(target ?? record.Previous, current, "the location before the transfer");
            case AdtTrigger.A13:
                if (current is not null || record?.LastChange != AdtTrigger.A03)
                {
                    return AdtDecision.Nothing(current is not null
                        ? "Nothing to cancel: the patient is admitted here."
                        : "Nothing to cancel: the patient's last change here is not a discharge.");
                }

                return Back(target ?? record.Previous, current, "the location before the discharge");
            default:
                throw new ArgumentOutOfRangeException(nameof(adtEvent), adtEvent.Trigger, "Not an ADT trigger taken here.");
        }
    }

    /// <summary>The record after <paramref name="decision"/> was applied (or taken without change) for <paramref name="adtEvent"/>.</summary>
    public static AdtPatientRecord After(AdtEvent adtEvent, AdtDecision decision, UnitBed? current, AdtPatientRecord? record)
    {
        ArgumentNullException.ThrowIfNull(adtEvent);
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Kind switch
        {
            AdtDecisionKind.Place => new AdtPatientRecord(decision.Target, current, adtEvent.Trigger, adtEvent.EffectiveAt, adtEvent.ControlId),
            AdtDecisionKind.Discharge => new AdtPatientRecord(null, current, adtEvent.Trigger, adtEvent.EffectiveAt, adtEvent.ControlId),
            AdtDecisionKind.Nothing => new AdtPatientRecord(current, record?.Previous, record?.LastChange ?? adtEvent.Trigger, adtEvent.EffectiveAt, adtEvent.ControlId),
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.Kind, "An older or refused event leaves the record as it is."),
        };
    }

    private static AdtDecision Back(UnitBed? to, UnitBed? current, string what) =>
        to is null ? AdtDecision.Refuse(3, $"PV1-3 must give {what}: none is on record here.")
            : to == current ? AdtDecision.Nothing($"The patient is already in {to}.")
            : AdtDecision.Place(to);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
