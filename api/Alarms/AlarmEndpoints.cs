using Monitoring.Alarms;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;

namespace Monitoring.Api.Alarms;

/// <summary>Acknowledging alarms and reading their history.</summary>
public static class AlarmEndpoints
{
    public static IEndpointRouteBuilder MapAlarmEndpoints(this IEndpointRouteBuilder routes)
    {
        // What on-call staff answer: escalated alarms nobody has acknowledged yet, across units, newest first.
        // Only escalations in the caller's units are listed.
        routes.MapGet("/api/v1/alarms/escalated", async (AlarmHistoryQuery history, HttpContext context, CancellationToken cancellationToken) =>
            TypedResults.Ok((await history.EscalatedAsync(cancellationToken)).Where(a => context.User.MaySee(a.UnitId))))
            .WithTags("Alarms")
            .AllowAudited(AccessScope.None, CareRoles.OnCallStaff, AuditActions.UnitRead)
            .WithSummary("Escalated alarms nobody has acknowledged yet, in the caller's units, newest first")
            .Produces<IEnumerable<AlarmView>>();

        var alarms = routes.MapGroup("/api/v1/alarms/{alarmId}").WithTags("Alarms");
        // Also with the capability an on-call phone's notification carries for this one alarm (docs/security.md).
        alarms.MapPost("/acknowledge", AcknowledgeAsync).AllowAudited(AccessScope.Alarm, CareRoles.Clinicians, AuditActions.Acknowledge)
            .RequireAuthorization(Monitoring.Api.WebPush.WebPushSetup.TokenOrAcknowledgeCapability)
            .WithSummary("Acknowledge an alarm as the signed-in user, or as the on-call person a notification's acknowledge capability (Authorization: PushAck …) was pushed to")
            .ReadsJson<AcknowledgeRequest>(optional: true)
            .Produces<AlarmView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        alarms.MapGet("/history", async (string alarmId, AlarmHistoryQuery history, CancellationToken cancellationToken) =>
            await history.TransitionsAsync(alarmId, cancellationToken) is { Count: > 0 } rows
                ? Results.Ok(rows)
                : Problems.NotFound($"No alarm '{alarmId}' in the history."))
            .AllowAudited(AccessScope.Alarm, CareRoles.People, AuditActions.PatientRead)
            .WithSummary("Every transition of one alarm, oldest first")
            .Produces<IReadOnlyList<AlarmHistoryRow>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Parses <c>?state=</c>: absent, or one of active, acknowledged, resolved.</summary>
    public static bool TryParseState(string? state, out AlarmState? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(state))
        {
            return true;
        }

        if (AlarmWords.TryParse<AlarmState>(state, out var value))
        {
            parsed = value;
            return true;
        }

        return false;
    }

    public static IResult InvalidState() =>
        Problems.Validation(new Dictionary<string, string[]> { ["state"] = ["'state' is active, acknowledged or resolved."] });

    private static async Task<IResult> AcknowledgeAsync(string alarmId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (AlarmIds.PatientOf(alarmId) is not { } patientId)
        {
            return Problems.NotFound($"'{alarmId}' is not an alarm id.");
        }

        // Who acknowledged is who signed in; a body may still name them ("by"), but only as themselves.
        var actor = request.HttpContext.User.Subject();
        if (request.ContentLength > 0 || request.HasJsonContentType())
        {
            var (body, problem) = await JsonBody.ReadAsync(request, 4096, RequestJson.Default.AcknowledgeRequest, AcknowledgeRequest.Explain(actor), cancellationToken);
            if ((problem ?? body!.Validate(actor)) is { } refused)
            {
                return refused;
            }
        }

        var result = await grains.GetPatient(patientId).AcknowledgeAsync(alarmId, actor);
        return result.Outcome == AcknowledgeOutcome.NotFound
            ? Problems.NotFound($"No open alarm '{alarmId}'; it may have resolved already.")
            : TypedResults.Ok(result.Alarm);
    }
}
