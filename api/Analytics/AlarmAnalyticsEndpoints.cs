using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;

namespace Monitoring.Api.Analytics;

/// <summary>
/// <c>GET /api/v1/units/{unitId}/alarm-analytics?from=&amp;to=&amp;selfResolvedSeconds=</c> and its CSV export
/// <c>.../alarm-analytics.csv</c>: a unit's alarm figures over a period, for its nurse leads and admins.
/// </summary>
public static class AlarmAnalyticsEndpoints
{
    private const string Description = """
        A unit's alarms over the period [from, to) (ISO 8601 with offset; to after from; at most 31 days; by default the last 7 days),
        computed from the alarm history and the stays. An alarm counts in the period its raise falls in.
        raised: alarms raised in the period. selfResolved: of those, the ones whose first end was by their condition clearing
        (reason 'resolved') within selfResolvedSeconds (10 to 3600, default 120) of the raise, with no acknowledgement before it;
        selfResolvedShare = selfResolved / raised. acknowledged: of those raised, the ones acknowledged (followed up to 24 h after 'to');
        acknowledgeP50Seconds, acknowledgeP90Seconds: the interpolated 50th and 90th percentiles of (first acknowledgement - raise) over them.
        escalations, reAlarms: transitions of those kinds that happened in the period (whenever their alarm was raised).
        bedDays: the overlap of each stay of the unit with the period (an open stay runs to now), in days of 24 h; alarmsPerBedDay = raised / bedDays.
        Given for the unit (totals), by priority, kind, condition, bed and day (24 h from 'from'), the ten conditions and beds that raised the most,
        and per condition x bed x priority (cells, the rows of the CSV export). Roles nurse-lead or admin, of the unit; audited. See docs/alarm-analytics.md.
        """;

    public static IEndpointRouteBuilder MapAlarmAnalyticsEndpoints(this IEndpointRouteBuilder routes)
    {
        var units = routes.MapGroup("/api/v1/units").WithTags("Alarm analytics");
        units.MapGet("/{unitId}/alarm-analytics", async (string unitId, string? from, string? to, string? selfResolvedSeconds, AlarmAnalyticsQuery query, TimeProvider time, CancellationToken cancellationToken) =>
            Check(unitId, from, to, selfResolvedSeconds, time, out var period) is { } problem
                ? problem
                : TypedResults.Ok(await query.ReadAsync(unitId, period!, cancellationToken)))
            .AllowAudited(AccessScope.Unit, CareRoles.AnalyticsReaders, AuditActions.AlarmAnalyticsRead)
            .WithSummary("A unit's alarm analytics over a period: alarms per bed-day, self-resolved share, time to acknowledge, escalations, re-alarms, top conditions and beds")
            .WithDescription(Description)
            .Produces<AlarmAnalytics>()
            .ProducesValidationProblem();
        units.MapGet("/{unitId}/alarm-analytics.csv", async (string unitId, string? from, string? to, string? selfResolvedSeconds, AlarmAnalyticsQuery query, TimeProvider time, CancellationToken cancellationToken) =>
            {
                if (Check(unitId, from, to, selfResolvedSeconds, time, out var period) is { } problem)
                {
                    return problem;
                }

                var analytics = await query.ReadAsync(unitId, period!, cancellationToken);
                return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(AlarmAnalyticsCsv.Write(analytics)), AlarmAnalyticsCsv.MediaType + "; charset=utf-8", AlarmAnalyticsCsv.FileName(analytics));
            })
            .AllowAudited(AccessScope.Unit, CareRoles.AnalyticsReaders, AuditActions.AlarmAnalyticsRead)
            .WithSummary("The same analytics as CSV (RFC 4180), one row per condition x bed x priority; no patient names or ids")
            .WithDescription(Description)
            .Produces<string>(StatusCodes.Status200OK, AlarmAnalyticsCsv.MediaType)
            .ProducesValidationProblem();
        return routes;
    }

    private static IResult? Check(string unitId, string? from, string? to, string? selfResolvedSeconds, TimeProvider time, out AnalyticsPeriod? period)
    {
        var errors = new FieldErrors();
        if (!Identifiers.IsValid(unitId))
        {
            errors.Add("unitId", RequestFields.NotAnIdentifier("unitId"));
        }

        period = AnalyticsPeriod.Parse(from, to, selfResolvedSeconds, time.GetUtcNow(), errors);
        return errors.AsProblem();
    }
}
