using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Ingestion;
using Monitoring.Api.Security;
using Monitoring.Api.Vitals;
using Monitoring.Fhir;
using Monitoring.Ingestion;
using Monitoring.Vitals;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.Api.Fhir;

/// <summary>FHIR R4 vital signs in and out: <c>POST /fhir/Observation</c> and <c>GET /fhir/Observation?patient=&amp;category=vital-signs</c>.</summary>
public static class FhirEndpoints
{
    public const string FhirJson = "application/fhir+json";
    private const long MaxBodyBytes = 1024 * 1024;
    private static readonly DateTimeOffset Beginning = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

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
        fhir.MapGet("/Observation", SearchAsync).RequireAuthorization(AuthenticationSetup.People)
            .WithSummary("Search a patient's vital-signs Observations (patient, category=vital-signs)")
            .ProducesFhir(StatusCodes.Status200OK, "A FHIR R4 searchset Bundle of the patient's vital-signs Observations.")
            .ProducesFhirOutcomes(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
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

    private static async Task<IResult> SearchAsync(HttpRequest request, string? patient, string? category, VitalsHistoryQuery history, CareAccess access, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(patient))
        {
            return Outcome(FhirOperationOutcomes.FromProblems([new FhirProblem("patient", "Search with patient={id}.", OperationOutcome.IssueType.Required)]), StatusCodes.Status400BadRequest);
        }

        if (category is not (null or "vital-signs" or "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs"))
        {
            return Outcome(FhirOperationOutcomes.FromProblems([new FhirProblem("category", "Only category=vital-signs is kept here.", OperationOutcome.IssueType.NotSupported)]), StatusCodes.Status400BadRequest);
        }

        if (!CareAccess.Allows(request.HttpContext.User, CareRoles.People, await access.UnitOfPatientAsync(patient!)))
        {
            return Forbidden(request.HttpContext, audit, AuditActions.PatientRead, $"patient/{patient}", "the patient is not admitted to any of your units", "patient");
        }

        if (!audit.Record(request.HttpContext, AuditActions.PatientRead, $"patient/{patient}", AuditOutcomes.Success))
        {
            // What cannot be audited is not read out.
            return Outcome(FhirOperationOutcomes.FromProblems([new FhirProblem("", "The audit trail cannot record this read right now; nothing was read. Search again shortly.", OperationOutcome.IssueType.Transient)]), StatusCodes.Status503ServiceUnavailable);
        }

        var now = time.GetUtcNow();
        var stored = await history.ReadAsync(patient!, null, Beginning, now + TimeSpan.FromMinutes(5), cancellationToken);
        var vitals = stored
            .Where(r => VitalSignCatalog.TryGetByCode(r.Code, out var info) && info.IsMeasured)
            .Select(r => new StoredVital(IdOf(r), VitalSignCatalog.TryGetByCode(r.Code, out var info) ? info.Sign : default, r.Value, r.At))
            .ToList();
        var baseUrl = new Uri($"{request.Scheme}://{request.Host}/fhir/");
        return Resource(FhirObservationWriter.SearchSet(patient!, vitals, baseUrl), StatusCodes.Status200OK);
    }

    /// <summary>A stable FHIR id for a stored reading: its code, time and a digest of its source.</summary>
    private static string IdOf(StoredReading reading)
    {
        var source = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reading.Source)))[..8];
        return string.Create(CultureInfo.InvariantCulture, $"{reading.Code}-{reading.At.ToUnixTimeMilliseconds()}-{source}");
    }

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

    private static IResult Outcome(OperationOutcome outcome, int status) => Resource(outcome, status);

    /// <summary>A FHIR resource (<c>application/fhir+json</c>) answered with <paramref name="status"/>.</summary>
    private static RouteHandlerBuilder ProducesFhir(this RouteHandlerBuilder endpoint, int status, string description) =>
        endpoint.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(FhirResourceJson), [FhirJson]) { Description = description });

    /// <summary>An OperationOutcome (<c>application/fhir+json</c>) naming each problem, for each of <paramref name="statuses"/>.</summary>
    private static RouteHandlerBuilder ProducesFhirOutcomes(this RouteHandlerBuilder endpoint, params int[] statuses) =>
        statuses.Aggregate(endpoint, (builder, status) => builder.ProducesFhir(status, "A FHIR R4 OperationOutcome whose issues say what was wrong and where."));

    private static IResult Resource(Resource resource, int status) =>
        Results.Text(new FhirJsonSerializer().SerializeToString(resource), FhirJson, Encoding.UTF8, status);
}
