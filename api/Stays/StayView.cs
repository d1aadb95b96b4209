namespace Monitoring.Api.Stays;

/// <summary>One stay of a patient: admission to discharge, in the unit and bed where the patient lies (or last lay).</summary>
/// <param name="StayId">The stay's opaque id (a uuid), for <c>GET /api/v1/patients/{id}/stays/{stayId}/fhir</c>.</param>
/// <param name="DischargedAt"><c>null</c> while the patient is still admitted.</param>
public sealed record StayView(string StayId, string PatientId, string UnitId, string Bed, DateTimeOffset AdmittedAt, DateTimeOffset? DischargedAt);
