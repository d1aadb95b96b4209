using Monitoring.Alarms;
using Monitoring.Api.Http;

namespace Monitoring.Api.Alarms;

/// <summary>Acknowledging alarms and reading their history.</summary>
public static class AlarmEndpoints
{
    /// <summary>Recorded as the actor until sign-in names the user.</summary>
    public const string UnidentifiedActor = "unidentified";

    public static IEndpointRouteBuilder MapAlarmEndpoints(this IEndpointRouteBuilder routes)
    {
        // What on-call staff answer: escalated alarms nobody has acknowledged yet, across units, newest first.
        routes.MapGet("/api/v1/alarms/escalated", async (AlarmHistoryQuery history, CancellationToken cancellationToken) =>
            TypedResults.Ok(await history.EscalatedAsync(cancellationToken))).WithTags("Alarms");

        var alarms = routes.MapGroup("/api/v1/alarms/{alarmId}").WithTags("Alarms");
        alarms.MapPost("/acknowledge", AcknowledgeAsync);
        alarms.MapGet("/history", async (string alarmId, AlarmHistoryQuery history, CancellationToken cancellationToken) =>
            await history.TransitionsAsync(alarmId, cancellationToken) is { Count: > 0 } rows
                ? Results.Ok(rows)
                : Problems.NotFound($"No alarm '{alarmId}' in the history."));
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

        var actor = UnidentifiedActor;
        if (request.ContentLength > 0 || request.HasJsonContentType())
        {
            var (document, problem) = await JsonBody.ReadObjectAsync(request, 4096, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            using (document)
            {
                var errors = new FieldErrors();
                if (document!.RootElement.TryGetProperty("by", out _))
                {
                    actor = JsonFields.Identifier(document.RootElement, "by", "by", errors) ?? actor;
                }

                if (errors.Any)
                {
                    return Problems.Validation(errors.ToDictionary());
                }
            }
        }

        var result = await grains.GetPatient(patientId).AcknowledgeAsync(alarmId, actor);
        return result.Outcome == AcknowledgeOutcome.NotFound
            ? Problems.NotFound($"No open alarm '{alarmId}'; it may have resolved already.")
            : TypedResults.Ok(result.Alarm);
    }
}
