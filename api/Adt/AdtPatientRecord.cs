using Monitoring.Adt;

namespace Monitoring.Api.Adt;

/// <summary>
/// What the feed last did to a patient (<c>adt_patients</c>): where it put them (null once discharged), where
/// they were before the last transfer or discharge (what a cancel returns to), the last event that changed
/// anything, and the time and control id of the last event taken (which orders those that come later).
/// </summary>
public sealed record AdtPatientRecord(
    UnitBed? Location,
    UnitBed? Previous,
    AdtTrigger LastChange,
    DateTimeOffset LastEventAt,
    string LastControlId);
