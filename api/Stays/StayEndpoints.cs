using Monitoring.Api.Audit;
using Monitoring.Api.Fhir;
using Monitoring.Api.Http;
using Monitoring.Api.Security;
using Monitoring.Fhir;

namespace Monitoring.Api.Stays;

/// <summary>
/// A patient's stays (<c>GET /api/v1/patients/{id}/stays</c>) and one stay as a FHIR R4 collection Bundle
/// (<c>GET /api/v1/patients/{id}/stays/{stayId}/fhir</c>). A stay is seen by people of its unit (where the
/// patient lies, or last lay), whether or not the patient is still admitted.
/// </summary>
public static class StayEndpoints
{
    public static IEndpointRouteBuilder MapStayEndpoints(this IEndpointRouteBuilder routes)
    {
        var stays = routes.MapGroup("/api/v1/patients/{patientId}/stays").WithTags("Patients");
        // The role is checked (and a refusal audited) before; the unit is the stay's, read by the endpoint.
        stays.MapGet("/", ListAsync).Allow(AccessScope.None, CareRoles.People, AuditActions.PatientRead)
            .WithSummary("A patient's stays in your units, admission to discharge, the newest first")
            .Produces<IReadOnlyList<StayView>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        stays.MapGet("/{stayId}/fhir", ExportAsync).Allow(AccessScope.None, CareRoles.People, AuditActions.StayExport)
            .WithSummary("A stay as a FHIR R4 collection Bundle: Patient, Encounter, minute vital-signs Observations, alarms as DetectedIssues")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(FhirResourceJson), [FhirEndpoints.FhirJson])
            {
                Description = "A FHIR R4 Bundle of type collection, streamed; every reference resolves inside it (urn:uuid).",
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> ListAsync(string patientId, HttpContext context, StayQuery query, CareAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(patientId))
        {
            return Problems.InvalidRouteValue("patientId");
        }

        var resource = $"patient/{patientId}";
        var all = await query.ListAsync(patientId, cancellationToken);
        var visible = all.Where(s => context.User.MaySee(s.UnitId)).ToList();
        if (visible.Count == 0)
        {
            // Whether a patient was ever here is told only to those who see every unit.
            return all.Count == 0 && context.User.SeesAllUnits()
                ? Problems.NotFound($"Patient '{patientId}' has no stays.")
                : access.Deny(context, AuditActions.PatientRead, resource, "no stay of the patient is in your units");
        }

        if (!audit.Record(context, AuditActions.PatientRead, resource, AuditOutcomes.Success, "stays"))
        {
            return Problems.Unavailable(context, "The audit trail cannot record this request right now; nothing was read. Send it again after the Retry-After delay.");
        }

        return TypedResults.Ok<IReadOnlyList<StayView>>(visible);
    }

    private static async Task<IResult> ExportAsync(
        string patientId, string stayId, HttpContext context, StayQuery query, CareAccess access, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!Identifiers.IsValid(patientId))
        {
            errors.Add("patientId", $"'patientId' must be 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':'.");
        }

        if (!Guid.TryParseExact(stayId, "D", out var stay))
        {
            errors.Add("stayId", "'stayId' must be a stay's id as GET /api/v1/patients/{patientId}/stays lists it (a uuid, e.g. 0b6f1e0c-5d0e-4c53-9a4f-3f0e2a9d7c11).");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var resource = $"patient/{patientId}";
        if (await query.FindAsync(patientId, stay, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"Patient '{patientId}' has no stay '{stayId}'.");
        }

        if (!context.User.MaySee(found.UnitId))
        {
            return access.Deny(context, AuditActions.StayExport, resource, "the stay's unit is not among your units");
        }

        // A whole stay is a bulk read of patient data: recorded before a byte is sent, or not done.
        if (!audit.Record(context, AuditActions.StayExport, resource, AuditOutcomes.Success, $"stay/{found.StayId} as FHIR"))
        {
            return Problems.Unavailable(context, "The audit trail cannot record this export right now; nothing was sent. Send it again after the Retry-After delay.");
        }

        var alarms = await query.AlarmsAsync(found, cancellationToken);
        var completeUntil = await query.TrendsCompleteUntilAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Stream(
            body => FhirStayBundle.WriteAsync(body, StayQuery.ToRecord(found), query.MinutesAsync(found, cancellationToken), alarms, now, completeUntil, cancellationToken),
            FhirEndpoints.FhirJson);
    }
}
