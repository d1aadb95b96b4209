namespace Monitoring.Fhir;

/// <summary>One stay of a patient, admission to discharge (<c>stays</c>, migration 0010), as the FHIR export writes it.</summary>
/// <param name="StayId">The stay's opaque id (a uuid).</param>
/// <param name="PatientId">The patient's opaque id; never a name or MRN.</param>
/// <param name="UnitId">The unit the patient lies (or last lay) in.</param>
/// <param name="Bed">The bed in that unit.</param>
/// <param name="AdmittedAt">When the stay began.</param>
/// <param name="DischargedAt">When it ended; <c>null</c> while the patient is still admitted.</param>
public sealed record StayRecord(string StayId, string PatientId, string UnitId, string Bed, DateTimeOffset AdmittedAt, DateTimeOffset? DischargedAt);
