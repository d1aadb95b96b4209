using Monitoring.Alarms;
using Monitoring.Api.Alarms;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Limits;
using Monitoring.Api.Security;

namespace Monitoring.Api.Units;

/// <summary>Care units and their live boards.</summary>
public static class UnitEndpoints
{
    private const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapUnitEndpoints(this IEndpointRouteBuilder routes)
    {
        var units = routes.MapGroup("/api/v1/units").WithTags("Units");
        // Only the units the caller may see are listed.
        units.MapGet("/", async (UnitDirectory directory, HttpContext context, CancellationToken cancellationToken) =>
            TypedResults.Ok((await directory.ListAsync(cancellationToken)).Where(u => context.User.MaySee(u.UnitId))))
            .Allow(AccessScope.None, CareRoles.People, AuditActions.UnitRead)
            .WithSummary("The care units the caller may see, with their number of occupied beds")
            .Produces<IEnumerable<UnitDirectory.UnitSummary>>();
        units.MapGet("/{unitId}/board", async (string unitId, IGrainFactory grains) =>
            Identifiers.IsValid(unitId)
                ? Results.Ok(await UnitBoard.ReadAsync(grains, unitId))
                : Problems.InvalidRouteValue("unitId"))
            .AllowAudited(AccessScope.Unit, CareRoles.People, AuditActions.UnitRead)
            .WithSummary("Every occupied bed of a unit with its patient, latest vitals, NEWS2 and open alarms")
            .Produces<UnitBoard>()
            .ProducesValidationProblem();
        units.MapGet("/{unitId}/alarms", async (string unitId, string? state, AlarmHistoryQuery history, CancellationToken cancellationToken) =>
            !AlarmEndpoints.TryParseState(state, out var parsed) ? AlarmEndpoints.InvalidState()
            : Identifiers.IsValid(unitId) ? Results.Ok(await history.ForUnitAsync(unitId, parsed, cancellationToken))
            : Problems.InvalidRouteValue("unitId"))
            .AllowAudited(AccessScope.Unit, CareRoles.People, AuditActions.UnitRead)
            .WithSummary("A unit's alarms as they now stand, newest first (state: active, acknowledged or resolved)")
            .Produces<IReadOnlyList<AlarmView>>()
            .ProducesValidationProblem();
        units.MapGet("/{unitId}/limits", async (string unitId, IGrainFactory grains) =>
            Identifiers.IsValid(unitId)
                ? Results.Ok(AlarmRulesJson.Render((await grains.GetUnit(unitId).GetPolicyAsync()).Rules))
                : Problems.InvalidRouteValue("unitId"))
            .Allow(AccessScope.Unit, CareRoles.People, AuditActions.UnitRead)
            .WithSummary("A unit's alarm limits, per vital sign")
            .Produces<IReadOnlyDictionary<string, VitalLimits>>()
            .ProducesValidationProblem();
        units.MapPut("/{unitId}/limits", SetLimitsAsync).AllowAudited(AccessScope.Unit, CareRoles.Admins, AuditActions.LimitsChange)
            .WithSummary("Set a unit's alarm limits, laid over the adult defaults")
            .ReadsJson<SetLimitsRequest>()
            .Produces<IReadOnlyDictionary<string, VitalLimits>>();
        units.MapGet("/{unitId}/settings", async (string unitId, IGrainFactory grains) =>
            Identifiers.IsValid(unitId)
                ? Results.Ok(UnitSettingsView.Of(await grains.GetUnit(unitId).GetPolicyAsync(), await grains.GetUnit(unitId).GetUnconfirmedPatientsAsync()))
                : Problems.InvalidRouteValue("unitId"))
            .Allow(AccessScope.Unit, CareRoles.People, AuditActions.UnitRead)
            .WithSummary("A unit's escalation settings, and its patients still to confirm them")
            .Produces<UnitSettingsView>()
            .ProducesValidationProblem();
        units.MapPut("/{unitId}/settings", SetSettingsAsync).AllowAudited(AccessScope.Unit, CareRoles.Admins, AuditActions.SettingsChange)
            .WithSummary("Change a unit's escalation settings")
            .ReadsJson<UnitSettingsRequest>()
            .Produces<UnitSettingsView>();
        return routes;
    }

    private static async Task<IResult> SetLimitsAsync(string unitId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (body, problem) = Identifiers.IsValid(unitId)
            ? await JsonBody.ReadObjectAsync(request, MaxBodyBytes, cancellationToken)
            : (default, Problems.InvalidRouteValue("unitId"));
        if (problem is not null)
        {
            return problem;
        }

        // The unit's limits replace its earlier ones and are laid over the adult defaults.
        var (overrides, invalid) = AlarmRulesJson.Parse(body, AlarmRuleSet.AdultDefaults);
        return invalid ?? TypedResults.Ok(AlarmRulesJson.Render((await grains.GetUnit(unitId).ChangePolicyAsync(new UnitPolicyChange(RuleOverrides: overrides))).Rules));
    }

    private static async Task<IResult> SetSettingsAsync(string unitId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (settings, problem) = Identifiers.IsValid(unitId)
            ? await JsonBody.ReadAsync(request, MaxBodyBytes, RequestJson.Default.UnitSettingsRequest, UnitSettingsRequest.Explain, cancellationToken)
            : (null, Problems.InvalidRouteValue("unitId"));
        if (problem is not null)
        {
            return problem;
        }

        var (change, invalid) = settings!.Validate();
        if (invalid is not null)
        {
            return invalid;
        }

        var unit = grains.GetUnit(unitId);
        return TypedResults.Ok(UnitSettingsView.Of(await unit.ChangePolicyAsync(change!), await unit.GetUnconfirmedPatientsAsync()));
    }
}
