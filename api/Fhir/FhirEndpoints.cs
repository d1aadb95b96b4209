using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Ingestion;
using Monitoring.Api.Security;
using Microsoft.Extensions.Options;
using Monitoring.Fhir;
using Monitoring.Ingestion;
using Monitoring.Vitals;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.Api.Fhir;

/// <summary>
/// The FHIR R4 surface (<c>/fhir</c>): the CapabilityStatement, Observations in (<c>POST</c>) and out (search, $lastn,
/// read), Patient and Device reads. What each does: docs/interoperability.md.
/// </summary>
public static class FhirEndpoints
{
    public const string FhirJson = FhirResults.FhirJson;
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder routes)
    {
        var fhir = routes.MapGroup("/fhir").WithTags("FHIR");
        // Devices post as themselves, nurses for their units' patients; people read their units' patients.
        fhir.MapPost("/Observation", CreateAsync).RequireAuthorization(p => p.RequireRole([CareRoles.Device, .. CareRoles.Clinicians]))
            .WithSummary("Record a FHIR R4 vital-signs Observation of a patient (subject) or a device (device)")
            .Reads<FhirResourceJson>(optional: false, FhirJson, "application/json")
            .ProducesFhir(StatusCodes.Status201Created, "The Observation as it was taken.")
            .ProducesFhirOutcomes(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status503ServiceUnavailable);
        // The CapabilityStatement holds no patient data; an EHR reads it before signing in.
        fhir.MapGet("/metadata", (HttpRequest request, IOptions<FhirOptions> options) => FhirResults.Resource(FhirCapabilities.Build(FhirResults.BaseUrl(request), options.Value)))
            .AllowAnonymous()
            .WithSummary("The CapabilityStatement: exactly the interactions, search parameters and operation this server does")
            .ProducesFhir(StatusCodes.Status200OK, "A FHIR R4 CapabilityStatement.");
        fhir.MapGet("/Observation", FhirObservationSearch.SearchAsync).RequireAuthorization(AuthenticationSetup.People)
            .WithSummary("Search a patient's vital-signs Observations: patient or subject, code, category, date (eq ge gt le lt), _count (bounded), _sort=date|-date; pages linked by next/previous")
            .ProducesFhir(StatusCodes.Status200OK, "A FHIR R4 searchset Bundle: one page of the patient's vital-signs Observations, with self, first, next and previous links.")
            .ProducesFhirOutcomes(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);
        fhir.MapGet("/Observation/$lastn", FhirObservationSearch.LastNAsync).RequireAuthorization(AuthenticationSetup.People)
            .WithSummary("The newest max Observations of each code of a patient (patient or subject, category, code, date, max)")
            .ProducesFhir(StatusCodes.Status200OK, "A FHIR R4 searchset Bundle of the newest Observations of each code.")
            .ProducesFhirOutcomes(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);
        fhir.MapGet("/Observation/{id}", FhirReads.ObservationAsync).RequireAuthorization(AuthenticationSetup.People)
            .WithSummary("One vital-signs Observation by the id a search gave")
            .ProducesFhir(StatusCodes.Status200OK, "A FHIR R4 vital-signs Observation.")
            .ProducesFhirOutcomes(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        fhir.MapGet("/Patient/{id}", FhirReads.PatientAsync).RequireAuthorization(AuthenticationSetup.People)
            .WithSummary("A patient as an identifier and where they lie (no demographics)")
            .ProducesFhir(StatusCodes.Status200OK, "A FHIR R4 Patient: identifier, active, and the bed as a contained Location.")
            .ProducesFhirOutcomes(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        fhir.MapGet("/Device/{id}", FhirReads.DeviceAsync).RequireAuthorization(AuthenticationSetup.People)
            .WithSummary("A monitor as an identifier, and the patient it is bound to when you may read that patient")
            .ProducesFhir(StatusCodes.Status200OK, "A FHIR R4 Device.")
            .ProducesFhirOutcomes(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains, CareAccess access, AuditTrail audit, DeviceClockReporter clock, TimeProvider time, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not (FhirJson or "application/json"))
        {
            return Outcome(FhirOperationOutcomes.FromProblems([new FhirProblem("Observation", $"Send the resource as {FhirJson}.", OperationOutcome.IssueType.NotSupported)]), StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Outcome(FhirOperationOutcomes.TooLarge(MaxBodyBytes), StatusCodes.Status413PayloadTooLarge);
        }

        string json;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            json = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Outcome(FhirOperationOutcomes.TooLarge(MaxBodyBytes), StatusCodes.Status413PayloadTooLarge);
        }

        var read = FhirObservationReader.Read(json, time.GetUtcNow());
        var user = request.HttpContext.User;
        if (read.Input is not { } input)
        {
            // A device's own clock ran ahead: its patient is told (device-clock). A person's entry says nothing of a device's clock.
            if (read is { ClockSkew: { } skew, RefusedDeviceId: { } refusedDevice } && SpeaksFor(user, refusedDevice))
            {
                await clock.ReportAsync(refusedDevice, skew);
            }

            return Outcome(FhirOperationOutcomes.FromProblems(read.Problems), StatusCodes.Status400BadRequest);
        }

        var readings = input.Readings.ToArray();
        if (input.PatientId is { } patientId)
        {
            if (!CareAccess.Allows(user, CareRoles.Clinicians, await access.UnitOfPatientAsync(patientId)))
            {
                return Forbidden(request.HttpContext, audit, AuditActions.Readings, $"patient/{patientId}", "a nurse records observations only for patients of her units", "Observation.subject");
            }

            return await grains.GetPatient(patientId).RecordObservationsAsync([.. readings]) switch
            {
                RecordOutcome.Accepted => Created(json),
                RecordOutcome.Busy => Busy(request.HttpContext),
                _ => Outcome(FhirOperationOutcomes.NotFound($"Patient/{patientId}", "Observation.subject"), StatusCodes.Status404NotFound),
            };
        }

        if (!SpeaksFor(user, input.DeviceId))
        {
            return Forbidden(request.HttpContext, audit, AuditActions.Readings, $"device/{input.DeviceId}", "a device may only speak for itself", "Observation.device");
        }

        // A device's Observation sent again (same id, or same content) is recognised and changes nothing.
        var sequence = BatchSequences.FromKey(input.ObservationId ?? json);
        var result = await grains.GetDevice(input.DeviceId!).IngestAsync(new ReadingBatch(sequence, [.. readings]));
        return result.Outcome switch
        {
            IngestOutcome.DeviceNotBound => Outcome(FhirOperationOutcomes.NotFound($"Device/{input.DeviceId}", "Observation.device"), StatusCodes.Status404NotFound),
            IngestOutcome.Busy => Busy(request.HttpContext),
            IngestOutcome.Accepted when result is { Accepted: 0, RefusedBeforeBinding: > 0 } => Outcome(
                FhirOperationOutcomes.FromProblems([new FhirProblem(
                    "Observation.effective",
                    $"The Observation was measured before Device/{input.DeviceId} was bound to its patient, so it may be the previous patient's; it was not taken.",
                    OperationOutcome.IssueType.BusinessRule)]),
                StatusCodes.Status422UnprocessableEntity),
            _ => Created(json),
        };
    }

    /// <summary>Whether the caller is the device itself: a device may speak only for itself.</summary>
    private static bool SpeaksFor(System.Security.Claims.ClaimsPrincipal user, string? deviceId) =>
        user.IsInRole(CareRoles.Device) && string.Equals(user.Subject(), deviceId, StringComparison.Ordinal);

    private static IResult Forbidden(HttpContext context, AuditTrail audit, string action, string resource, string reason, string expression)
    {
        audit.Record(context, action, resource, AuditOutcomes.Denied, reason);
        return Outcome(FhirOperationOutcomes.FromProblems([new FhirProblem(expression, $"Forbidden: {reason}.", OperationOutcome.IssueType.Forbidden)]), StatusCodes.Status403Forbidden);
    }

    private static IResult Created(string json) => Results.Text(json, FhirJson, Encoding.UTF8, StatusCodes.Status201Created);

    private static IResult Busy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "2";
        return Outcome(FhirOperationOutcomes.FromProblems([new FhirProblem("Observation", "Busy; nothing was stored. Send it again after the Retry-After delay.", OperationOutcome.IssueType.Transient)]), StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Outcome(OperationOutcome outcome, int status) => FhirResults.Outcome(outcome, status);
}
