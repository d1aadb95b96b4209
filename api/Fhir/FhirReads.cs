using Monitoring.Api.Audit;
using Monitoring.Api.Security;
using Monitoring.Fhir;

namespace Monitoring.Api.Fhir;

/// <summary>
/// Reads by id: <c>Observation/{id}</c> (the id a search gave, resolved through its stay to the patient and the
/// stored readings at its instant), <c>Patient/{id}</c> and <c>Device/{id}</c>. Each checks that the caller may
/// read the patient, and audits the read.
/// </summary>
public static class FhirReads
{
    public static async Task<IResult> ObservationAsync(
        string id, HttpContext context, FhirHistoryStore store, FhirObservationWalk walk, CareAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!FhirObservationId.TryParse(id, out var observationId) || await store.PatientOfStayAsync(observationId.StayId, cancellationToken) is not { } patientId)
        {
            return FhirResults.NotFound($"Observation/{id}");
        }

        if (await RefusedAsync(context, patientId, access, audit, "FHIR Observation read") is { } refused)
        {
            return refused;
        }

        // The one Observation at this position: walked from just before it, as a search would find it.
        var key = observationId.Key;
        var at = key.MeasuredAt;
        var before = new FhirObservationKey(key.MeasuredAtMicroseconds, key.SourceTag, (short)(key.Sign - 1));
        var (groups, _) = await walk.WalkAsync(patientId, new FhirObservationWalk.Filter(at, at.AddTicks(10), null), ascending: true, before, take: 1, cancellationToken);
        var stays = await store.StaysAsync(patientId, cancellationToken);
        return groups is [var group] && group.Key == key && FhirObservationPages.StayAt(stays, at) == observationId.StayId
            ? FhirResults.Resource(FhirObservationPages.ToObservation(patientId, observationId.StayId, group))
            : FhirResults.NotFound($"Observation/{id}");
    }

    public static async Task<IResult> PatientAsync(string id, HttpContext context, FhirHistoryStore store, CareAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!IsOurId(id))
        {
            return FhirResults.NotFound($"Patient/{id}");
        }

        if (await RefusedAsync(context, id, access, audit, "FHIR Patient read") is { } refused)
        {
            return refused;
        }

        return await store.PatientExistsAsync(id, cancellationToken)
            ? FhirResults.Resource(FhirPlaces.Patient(id, await store.PlaceAsync(id, cancellationToken)))
            : FhirResults.NotFound($"Patient/{id}");
    }

    /// <summary>A device is no patient's data; the patient it is bound to is shown only to those who may read that patient.</summary>
    public static async Task<IResult> DeviceAsync(string id, HttpContext context, FhirHistoryStore store, CareAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!IsOurId(id) || await store.DeviceAsync(id, cancellationToken) is not (true, var patientId))
        {
            return FhirResults.NotFound($"Device/{id}");
        }

        var shown = patientId is not null && CareAccess.Allows(context.User, CareRoles.People, await access.UnitOfPatientAsync(patientId)) ? patientId : null;
        var (resource, reason) = shown is null ? ($"device/{id}", "FHIR Device read") : ($"patient/{shown}", $"FHIR Device read of device/{id}");
        return audit.Record(context, AuditActions.PatientRead, resource, AuditOutcomes.Success, reason)
            ? FhirResults.Resource(FhirPlaces.Device(id, bound: patientId is not null, shown))
            : FhirResults.AuditUnavailable(context);
    }

    private static bool IsOurId(string id) => Identifiers.IsValid(id) && !id.EndsWith('\n');

    private static async Task<IResult?> RefusedAsync(HttpContext context, string patientId, CareAccess access, AuditTrail audit, string what)
    {
        var resource = $"patient/{patientId}";
        if (!CareAccess.Allows(context.User, CareRoles.People, await access.UnitOfPatientAsync(patientId)))
        {
            return FhirResults.Forbidden(context, audit, AuditActions.PatientRead, resource, "the patient is not admitted to any of your units", "id");
        }

        return audit.Record(context, AuditActions.PatientRead, resource, AuditOutcomes.Success, what) ? null : FhirResults.AuditUnavailable(context);
    }
}
