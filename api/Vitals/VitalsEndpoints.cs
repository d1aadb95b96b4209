using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;
using Monitoring.Vitals;

namespace Monitoring.Api.Vitals;

/// <summary><c>GET /api/v1/patients/{id}/vitals?code=&amp;from=&amp;to=</c>: the stored history of a patient's vitals.</summary>
public static class VitalsEndpoints
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// Ranges up to this long are answered at full resolution unless asked otherwise, longer ones from the
    /// minute trends: two hours of one sign at 1 Hz is 7,200 readings, within one answer.
    /// </summary>
    public static readonly TimeSpan FullResolutionUpTo = TimeSpan.FromHours(2);

    public static IEndpointRouteBuilder MapVitalsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/patients/{patientId}/vitals", ReadAsync).WithTags("Patients")
            .AllowAudited(AccessScope.Patient, CareRoles.People, AuditActions.PatientRead)
            .WithSummary("The stored history of a patient's vitals (code, from, to: the last hour by default; resolution: full up to two hours, minute beyond, unless given; a minute trend has at most 1,440 points per sign, each of minutesPerPoint minutes)")
            .Produces<VitalsHistory>()
            .ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> ReadAsync(
        string patientId, string? code, string? from, string? to, string? resolution, VitalsHistoryQuery history, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!Identifiers.IsValid(patientId))
        {
            errors.Add("patientId", $"'patientId' must be 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':'.");
        }

        if (code is not null && !VitalSignCatalog.TryGetByCode(code, out _))
        {
            errors.Add("code", $"Unknown vital sign code; use one of {string.Join(", ", VitalSignCatalog.Codes)}.");
        }

        var end = Time(to, "to", errors) ?? time.GetUtcNow();
        var start = Time(from, "from", errors) ?? end - DefaultWindow;
        if (start > end)
        {
            errors.Add("from", "'from' must not be after 'to'.");
        }

        if (resolution is not (null or "full" or "minute"))
        {
            errors.Add("resolution", "'resolution' must be 'full' or 'minute'.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        code = code?.ToLowerInvariant();
        if ((resolution ?? (end - start <= FullResolutionUpTo ? "full" : "minute")) == "full")
        {
            var readings = await history.ReadAsync(patientId, code, start, end, cancellationToken);
            return TypedResults.Ok(new VitalsHistory(patientId, start, end, "full", readings, [], Truncated: readings.Count == VitalsHistoryQuery.Limit, MinutesPerPoint: null));
        }

        var step = TrendStep.MinutesPerPoint(start, end);
        var minutes = await history.ReadMinutesAsync(patientId, code, start, end, step, cancellationToken);
        return TypedResults.Ok(new VitalsHistory(patientId, start, end, "minute", [], minutes, Truncated: minutes.Count == VitalsHistoryQuery.TrendLimit, MinutesPerPoint: step));
    }

    private static DateTimeOffset? Time(string? text, string name, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return value;
        }

        errors.Add(name, $"'{name}' must be an ISO-8601 time with a UTC offset, e.g. 2026-11-27T10:00:00Z.");
        return null;
    }
}
