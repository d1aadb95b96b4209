namespace Monitoring.Api.Adt;

/// <summary>What an ADT event does: put the patient in a bed, discharge them, or nothing (and why).</summary>
public sealed record AdtDecision(AdtDecisionKind Kind, UnitBed? Target = null, string? Why = null)
{
    public static AdtDecision Place(UnitBed target) => new(AdtDecisionKind.Place, target);

    public static AdtDecision Discharge() => new(AdtDecisionKind.Discharge);

    /// <summary>Taken (AA) but changes nothing: <paramref name="why"/> goes back as a warning and into the audit trail.</summary>
    public static AdtDecision Nothing(string why) => new(AdtDecisionKind.Nothing, Why: why);

    /// <summary>Taken but older than the event already applied: changes nothing, and says so.</summary>
    public static AdtDecision Older(string why) => new(AdtDecisionKind.Older, Why: why);

    /// <summary>Refused (AE) with an ERR at <paramref name="field"/> of PV1: nothing changes, and the message is not recorded as taken.</summary>
    public static AdtDecision Refuse(int field, string why) => new(AdtDecisionKind.Refused, Why: why) { Field = field };

    /// <summary>The PV1 field a refusal is about.</summary>
    public int Field { get; init; }
}

public enum AdtDecisionKind
{
    Place,
    Discharge,
    Nothing,
    Older,
    Refused,
}
