namespace Monitoring.Adt;

/// <summary>
/// A location as the patient administration system names it (PV1-3 or PV1-6, a PL): point of care (PL.1),
/// room (PL.2), bed (PL.3) and facility (PL.4.1); each may be empty but the point of care. Holds no patient data.
/// </summary>
public sealed record AdtLocation(string PointOfCare, string Room, string Bed, string Facility = "")
{
    /// <summary>The location as it would be written in a message, e.g. <c>ICU^12^B</c>, for errors and the audit trail.</summary>
    public override string ToString() =>
        Facility.Length == 0 ? $"{PointOfCare}^{Room}^{Bed}" : $"{PointOfCare}^{Room}^{Bed}^{Facility}";
}
