using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Monitoring.Api.Audit;
using Monitoring.Fhir;

namespace Monitoring.Api.Fhir;

/// <summary>How the FHIR endpoints answer: a resource as <c>application/fhir+json</c>, an OperationOutcome, a refusal audited.</summary>
internal static class FhirResults
{
    public const string FhirJson = "application/fhir+json";

    public static IResult Resource(Resource resource, int status = StatusCodes.Status200OK) =>
        Results.Text(new FhirJsonSerializer().SerializeToString(resource), FhirJson, Encoding.UTF8, status);

    public static IResult Outcome(OperationOutcome outcome, int status) => Resource(outcome, status);

    public static IResult Problems(IEnumerable<FhirProblem> problems, int status = StatusCodes.Status400BadRequest) =>
        Outcome(FhirOperationOutcomes.FromProblems(problems), status);

    public static IResult NotFound(string reference) =>
        Outcome(new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = OperationOutcome.IssueType.NotFound,
                Diagnostics = $"{reference} is not known to this server.",
            }],
        }, StatusCodes.Status404NotFound);

    /// <summary>Audits the refusal and answers 403 with an OperationOutcome.</summary>
    public static IResult Forbidden(HttpContext context, AuditTrail audit, string action, string resource, string reason, string expression)
    {
        audit.Record(context, action, resource, AuditOutcomes.Denied, reason);
        return Problems([new FhirProblem(expression, $"Forbidden: {reason}.", OperationOutcome.IssueType.Forbidden)], StatusCodes.Status403Forbidden);
    }

    /// <summary>What cannot be audited is not read out.</summary>
    public static IResult AuditUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "2";
        return Problems([new FhirProblem("", "The audit trail cannot record this read right now; nothing was read. Send it again after the Retry-After delay.", OperationOutcome.IssueType.Transient)], StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The FHIR base of this request, absolute (the host and scheme the caller used, after a trusted proxy's headers).</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";

    /// <summary>A FHIR resource (<c>application/fhir+json</c>) answered with <paramref name="status"/>, in the API's description.</summary>
    public static RouteHandlerBuilder ProducesFhir(this RouteHandlerBuilder endpoint, int status, string description) =>
        endpoint.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(FhirResourceJson), [FhirJson]) { Description = description });

    /// <summary>An OperationOutcome (<c>application/fhir+json</c>) naming each problem, for each of <paramref name="statuses"/>.</summary>
    public static RouteHandlerBuilder ProducesFhirOutcomes(this RouteHandlerBuilder endpoint, params int[] statuses) =>
        statuses.Aggregate(endpoint, (builder, status) => builder.ProducesFhir(status, "A FHIR R4 OperationOutcome whose issues say what was wrong and where."));
}
