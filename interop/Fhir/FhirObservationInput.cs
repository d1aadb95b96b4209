using Monitoring.Vitals;

namespace Monitoring.Fhir;

/// <summary>
/// What an accepted FHIR Observation says: whose it is (a patient, a device, or both) and the
/// readings in it, in our units (/min, %, mm[Hg], Cel). A blood-pressure panel gives two or three readings.
/// </summary>
/// <param name="PatientId">The id from <c>subject: Patient/{id}</c>, if the subject is a patient.</param>
/// <param name="DeviceId">The id from <c>subject: Device/{id}</c> or <c>device: Device/{id}</c>, if either is given.</param>
/// <param name="Readings">At least one reading, all at the Observation's effective time.</param>
/// <param name="ObservationId">The sender's <c>Observation.id</c>, if it had one (for logs only).</param>
public sealed record FhirObservationInput(
    string? PatientId,
    string? DeviceId,
    IReadOnlyList<Reading> Readings,
    string? ObservationId);
