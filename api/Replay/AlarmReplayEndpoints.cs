using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;

namespace Monitoring.Api.Replay;

/// <summary>
/// What-if replays of a unit's alarm limits over its stored history (docs/alarm-replay.md): an admin of the unit
/// proposes, a silo replays off the request path, the admin reads the outcome and applies the proposal in one step.
/// </summary>
public static class AlarmReplayEndpoints
{
    private const long MaxBodyBytes = 64 * 1024;

    /// <summary>A reason given for applying a flagged proposal: at least a few words.</summary>
    public const int MinReasonLength = 10;

    public static IEndpointRouteBuilder MapAlarmReplayEndpoints(this IEndpointRouteBuilder routes)
    {
        var replays = routes.MapGroup("/api/v1/units/{unitId}/alarm-replays").WithTags("Alarm replays");
        replays.MapPost("", QueueAsync).AllowAudited(AccessScope.Unit, CareRoles.Admins, AuditActions.ReplayQueue)
            .WithSummary("Replay the unit's stored history of a period (up to 7 days) under proposed limits, off the request path")
            .ReadsJson<AlarmReplayRequest>()
            .Produces<AlarmReplayView>(StatusCodes.Status202Accepted);
        replays.MapGet("", async (string unitId, AlarmReplayStore store, CancellationToken cancellationToken) =>
            Identifiers.IsValid(unitId) ? Results.Ok(await store.ListAsync(unitId, cancellationToken)) : Problems.InvalidRouteValue("unitId"))
            .Allow(AccessScope.Unit, CareRoles.Admins, AuditActions.ReplayQueue)
            .WithSummary("The unit's latest replays, newest first")
            .Produces<IReadOnlyList<AlarmReplayView>>();
        replays.MapGet("/{replayId}", async (string unitId, string replayId, AlarmReplayStore store, CancellationToken cancellationToken) =>
            !Identifiers.IsValid(unitId) ? Problems.InvalidRouteValue("unitId")
            : !Guid.TryParse(replayId, out var id) ? Problems.InvalidRouteValue("replayId")
            : await store.FindAsync(unitId, id, cancellationToken) is { } replay ? Results.Ok(replay.View)
            : Problems.NotFound($"No replay {replayId} for unit '{unitId}'."))
            .Allow(AccessScope.Unit, CareRoles.Admins, AuditActions.ReplayQueue)
            .WithSummary("A replay: its progress while it runs, its outcome when done")
            .Produces<AlarmReplayView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        replays.MapPost("/{replayId}/apply", ApplyAsync).Allow(AccessScope.Unit, CareRoles.Admins, AuditActions.ReplayApply)
            .WithSummary("Put a replayed proposal in force, audited with the replay's figures; a flagged one needs a reason")
            .ReadsJson<ApplyReplayRequest>(optional: true)
            .Produces<AlarmReplayView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> QueueAsync(
        string unitId, HttpRequest request, IGrainFactory grains, AlarmReplayStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = Identifiers.IsValid(unitId)
            ? await JsonBody.ReadObjectAsync(request, MaxBodyBytes, cancellationToken)
            : (default, Problems.InvalidRouteValue("unitId"));
        if (problem is not null)
        {
            return problem;
        }

        var (period, patientId, flagDelay, limits, invalid) = AlarmReplayRequests.Read(body, time.GetUtcNow());
        if (invalid is not null)
        {
            return invalid;
        }

        var (rulesInForce, notHere) = await RulesInForceAsync(grains, unitId, patientId);
        if (notHere is not null)
        {
            return notHere;
        }

        var (proposal, refused) = AlarmReplayRequests.Proposal(limits, rulesInForce);
        if (refused is not null)
        {
            return refused;
        }

        var replayId = await store.QueueAsync(unitId, patientId, period!, flagDelay, proposal, limits, request.HttpContext.User.Subject(), cancellationToken);
        var queued = await store.FindAsync(unitId, replayId, cancellationToken);
        return TypedResults.Accepted($"/api/v1/units/{unitId}/alarm-replays/{replayId}", queued!.View);
    }

    private static async Task<IResult> ApplyAsync(
        string unitId, string replayId, HttpRequest request, IGrainFactory grains, AlarmReplayStore store, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(unitId) || !Guid.TryParse(replayId, out var id))
        {
            return Problems.InvalidRouteValue(Identifiers.IsValid(unitId) ? "replayId" : "unitId");
        }

        var reason = (string?)null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, RequestJson.Default.ApplyReplayRequest, fault => RequestFields.Unknown(fault), cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            reason = body?.Reason?.Trim();
        }

        if (await store.FindAsync(unitId, id, cancellationToken) is not { } replay)
        {
            return Problems.NotFound($"No replay {replayId} for unit '{unitId}'.");
        }

        var view = replay.View;
        if (view.Status != "done" || view.Outcome is not { } outcome || replay.BaselineRules is not { } baseline)
        {
            return Problems.Conflict($"The replay is {view.Status}: only a finished replay can be applied.");
        }

        if (view.Applied is not null)
        {
            return Problems.Conflict($"The replay was applied already, at {view.Applied.At:u} by {view.Applied.By}.");
        }

        var flagged = outcome.GetProperty("flagged").GetBoolean();
        if (flagged && (reason is null || reason.Length < MinReasonLength))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["reason"] = [$"The replay flagged this proposal (a high-priority alarm lost, or delayed by more than {view.FlagDelaySeconds:0.#} s): applying it needs a reason of at least {MinReasonLength} characters, which is audited."],
            });
        }

        var (rulesInForce, notHere) = await RulesInForceAsync(grains, unitId, view.PatientId);
        if (notHere is not null)
        {
            return notHere;
        }

        if (JsonSerializer.Serialize(rulesInForce, AlarmReplayStore.Json) != JsonSerializer.Serialize(baseline, AlarmReplayStore.Json))
        {
            return Problems.Conflict("The limits in force changed since this replay ran; nothing was applied. Replay the proposal again against the limits in force.");
        }

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(request.HttpContext, "The audit trail cannot record this change right now; nothing was applied. Send it again after the Retry-After delay.");
        }

        // Claimed first, so that two admins applying at once put it in force once.
        var by = request.HttpContext.User.Subject();
        if (!await store.MarkAppliedAsync(id, by, reason, cancellationToken))
        {
            return Problems.Conflict("The replay was applied already.");
        }

        await PutInForceAsync(grains, unitId, view.PatientId, replay.Proposal);
        audit.Record(request.HttpContext, AuditActions.ReplayApply, view.PatientId is { } p ? $"patient/{p}" : $"unit/{unitId}", AuditOutcomes.Success,
            Figures(view, outcome, reason));
        return Results.Ok((await store.FindAsync(unitId, id, cancellationToken))!.View);
    }

    /// <summary>The rules a proposal is laid over: the unit's, or the patient's in force (the patient must lie on the unit).</summary>
    private static async Task<(ImmutableArray<AlarmRule> Rules, IResult? Problem)> RulesInForceAsync(IGrainFactory grains, string unitId, string? patientId)
    {
        if (patientId is null)
        {
            return ((await grains.GetUnit(unitId).GetPolicyAsync()).Rules, null);
        }

        var patient = grains.GetPatient(patientId);
        return await patient.GetViewAsync() is { } view && view.UnitId == unitId
            ? (await patient.GetLimitsAsync(), null)
            : ([], Problems.Validation(new Dictionary<string, string[]> { ["patientId"] = [$"'patientId' is not a patient admitted to unit '{unitId}'."] }));
    }

    private static async Task PutInForceAsync(IGrainFactory grains, string unitId, string? patientId, ImmutableArray<AlarmRuleOverride> proposal)
    {
        if (patientId is null)
        {
            await grains.GetUnit(unitId).ChangePolicyAsync(new UnitPolicyChange(RuleOverrides: proposal));
        }
        else
        {
            await grains.GetPatient(patientId).SetLimitsAsync(proposal);
        }
    }

    /// <summary>The replay's figures as the audit row keeps them (no patient data: counts, codes and delays).</summary>
    private static string Figures(AlarmReplayView view, JsonElement outcome, string? reason)
    {
        var totals = outcome.GetProperty("totals");
        int Total(string name) => totals.GetProperty(name).GetInt32();
        var maxDelay = outcome.GetProperty("highPriorityChanges").EnumerateArray()
            .Select(c => c.GetProperty("delaySeconds").ValueKind == JsonValueKind.Number ? c.GetProperty("delaySeconds").GetDouble() : 0).DefaultIfEmpty(0).Max();
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"replay {view.ReplayId} of {view.From:u} to {view.To:u}: alarms stored {Total("stored")}, proposed {Total("proposed")}; high priority lost {Total("lost")}, delayed {Total("delayed")} (longest {maxDelay:0.#} s); {(outcome.GetProperty("flagged").GetBoolean() ? "flagged" : "not flagged")}");
        return reason is null ? figures : $"{figures}; reason: {reason}";
    }
}
