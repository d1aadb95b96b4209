using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;
using Monitoring.Api.Security;
using Monitoring.Fhir;

namespace Monitoring.Api.Fhir;

/// <summary>
/// <c>GET /fhir/Observation?patient=...</c> (a page of the patient's Observations, with links to the next and
/// previous) and <c>GET /fhir/Observation/$lastn?patient=...&amp;max=N</c> (the newest N of each code). Both check,
/// on every call, that the caller may read the patient, and audit the read.
/// </summary>
public static class FhirObservationSearch
{
    public static async Task<IResult> SearchAsync(
        HttpRequest request, FhirObservationWalk walk, FhirHistoryStore store, CareAccess access, AuditTrail audit, IOptions<FhirOptions> options, CancellationToken cancellationToken)
    {
        var query = FhirObservationQuery.Read(request.Query, options.Value, lastN: false);
        if (await RefusedAsync(request, query, access, audit, "FHIR Observation search") is { } refused)
        {
            return refused;
        }

        var baseUrl = FhirResults.BaseUrl(request);
        var patientId = query.PatientId!;
        var stays = await store.StaysAsync(patientId, cancellationToken);
        var links = new List<Bundle.LinkComponent> { FhirObservationPages.Link("self", baseUrl, "Observation", query.Used, query.Cursor) };
        if (query.MatchesNothing || stays.Count == 0)
        {
            return FhirResults.Resource(FhirObservationPages.SearchSet(baseUrl, [], links, Warnings(query, options.Value)));
        }

        // A previous page is walked backwards from its cursor, then put in the search's order.
        var backwards = query.Cursor is { Before: true };
        var (groups, more) = await walk.WalkAsync(patientId, query.Filter, query.Descending == backwards, query.Cursor?.Key, query.Count, cancellationToken);
        if (backwards)
        {
            groups.Reverse();
        }

        var (hasNext, hasPrevious) = backwards ? (true, more) : (more, query.Cursor is not null);
        if (groups.Count > 0)
        {
            links.Add(FhirObservationPages.Link("first", baseUrl, "Observation", query.Used));
            if (hasPrevious)
            {
                links.Add(FhirObservationPages.Link("previous", baseUrl, "Observation", query.Used, new FhirSearchCursor(groups[0].Key, Before: true)));
            }

            if (hasNext)
            {
                links.Add(FhirObservationPages.Link("next", baseUrl, "Observation", query.Used, new FhirSearchCursor(groups[^1].Key, Before: false)));
            }
        }

        var observations = groups.Select(g => FhirObservationPages.ToObservation(patientId, FhirObservationPages.StayAt(stays, g.Key.MeasuredAt), g));
        return FhirResults.Resource(FhirObservationPages.SearchSet(baseUrl, observations, links, Warnings(query, options.Value)));
    }

    public static async Task<IResult> LastNAsync(
        HttpRequest request, FhirObservationWalk walk, FhirHistoryStore store, CareAccess access, AuditTrail audit, IOptions<FhirOptions> options, CancellationToken cancellationToken)
    {
        var query = FhirObservationQuery.Read(request.Query, options.Value, lastN: true);
        if (await RefusedAsync(request, query, access, audit, "FHIR Observation $lastn") is { } refused)
        {
            return refused;
        }

        var baseUrl = FhirResults.BaseUrl(request);
        var patientId = query.PatientId!;
        var stays = await store.StaysAsync(patientId, cancellationToken);
        var limit = FhirCapabilities.LastNMax(options.Value);
        var warnings = Warnings(query, options.Value);
        if (query.Max > limit)
        {
            warnings.Add($"max={query.Max} was lowered to {limit}, the most this server gives of each code at once.");
        }

        var observations = new List<Observation>();
        if (!query.MatchesNothing && stays.Count > 0)
        {
            foreach (var codes in FhirLastN.CodeGroups)
            {
                var wanted = codes.Where(c => query.Codes is null || query.Codes.Contains(c)).ToHashSet(StringComparer.Ordinal);
                if (wanted.Count == 0)
                {
                    continue;
                }

                var (groups, _) = await walk.WalkAsync(patientId, query.Filter with { Codes = wanted }, ascending: false, after: null, Math.Min(query.Max, limit), cancellationToken);
                observations.AddRange(groups.Select(g => FhirObservationPages.ToObservation(patientId, FhirObservationPages.StayAt(stays, g.Key.MeasuredAt), g)));
            }
        }

        var self = FhirObservationPages.Link("self", baseUrl, "Observation/$lastn", query.Used);
        return FhirResults.Resource(FhirObservationPages.SearchSet(baseUrl, observations, [self], warnings));
    }

    /// <summary>A 400 for what cannot be searched, a 400 for what is not understood under strict handling, a 403 (audited) for a patient not the caller's; else the read audited.</summary>
    private static async Task<IResult?> RefusedAsync(HttpRequest request, FhirObservationQuery query, CareAccess access, AuditTrail audit, string what)
    {
        if (query.Problems.Count > 0)
        {
            return FhirResults.Problems(query.Problems);
        }

        if (query.Ignored.Count > 0 && IsStrict(request))
        {
            return FhirResults.Problems(query.Ignored.Select(name => new FhirProblem(
                name, $"The parameter '{name}' is not supported here (Prefer: handling=strict); see /fhir/metadata for those that are.", OperationOutcome.IssueType.NotSupported)));
        }

        var context = request.HttpContext;
        var resource = $"patient/{query.PatientId}";
        if (!CareAccess.Allows(context.User, CareRoles.People, await access.UnitOfPatientAsync(query.PatientId!)))
        {
            return FhirResults.Forbidden(context, audit, AuditActions.PatientRead, resource, "the patient is not admitted to any of your units", "patient");
        }

        return audit.Record(context, AuditActions.PatientRead, resource, AuditOutcomes.Success, what) ? null : FhirResults.AuditUnavailable(context);
    }

    /// <summary>Whether the caller asked for unknown parameters to be refused (RFC 7240 Prefer, FHIR's handling=strict).</summary>
    private static bool IsStrict(HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(h => (h ?? "").Split(',')).Any(p => p.Trim().Equals("handling=strict", StringComparison.OrdinalIgnoreCase));

    private static List<string> Warnings(FhirObservationQuery query, FhirOptions options)
    {
        var warnings = query.Ignored.Select(name => $"The parameter '{name}' is not supported here and was ignored; the self link shows the parameters used.").ToList();
        if (query.CountLowered)
        {
            warnings.Add($"_count was lowered to {options.MaxPageSize}, the most Observations this server puts in one page.");
        }

        return warnings;
    }
}
