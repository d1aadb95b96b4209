using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;
using Monitoring.Api.Security;

namespace Monitoring.Api.Watchdog;

/// <summary>The monitoring system's own technical alarms, for central stations; and the watchdog's test hook where it is turned on.</summary>
public static class WatchdogEndpoints
{
    public static IEndpointRouteBuilder MapWatchdogEndpoints(this IEndpointRouteBuilder routes)
    {
        // What a central station shows above its beds when it opens (then the hub's system-alarm events).
        routes.MapGet("/api/v1/system/alarms", (WatchdogStatus status) => TypedResults.Ok(status.ActiveAlarms))
            .WithTags("System")
            .Allow(AccessScope.None, CareRoles.People, AuditActions.UnitRead)
            .WithSummary("The monitoring system's own active technical alarms (monitoring-path-degraded, naming the api host), for every central station")
            .Produces<IReadOnlyList<SystemAlarmView>>();

        // What each api host's watchdog last found, healthy or not (and whether PostgreSQL is out), for operators.
        routes.MapGet("/api/v1/system/watchdog", (WatchdogStatus status) => TypedResults.Ok(status.Hosts))
            .WithTags("System")
            .Allow(AccessScope.None, [CareRoles.Admin, CareRoles.Operator], AuditActions.UnitRead)
            .WithSummary("Every api host's alarm-path watchdog as last reported: degraded or not, since when, and what it found")
            .Produces<IReadOnlyList<Monitoring.Watchdog.WatchdogHostStatus>>();

        if (routes.ServiceProvider.GetRequiredService<IOptions<FaultHookOptions>>().Value.EnableFaultHooks)
        {
            // Tests only (Diagnostics:EnableFaultHooks): this host drops what the silos push to it, until deleted.
            var hook = routes.MapGroup("/api/v1/diagnostics/faults/push-drop").WithTags("Diagnostics").ExcludeFromDescription();
            hook.MapPut("/", (PushFaults faults) =>
            {
                faults.DropIncoming = true;
                return TypedResults.NoContent();
            }).AllowAudited(AccessScope.None, CareRoles.Admins, AuditActions.FaultHook);
            hook.MapDelete("/", (PushFaults faults) =>
            {
                faults.DropIncoming = false;
                return TypedResults.NoContent();
            }).AllowAudited(AccessScope.None, CareRoles.Admins, AuditActions.FaultHook);
        }

        return routes;
    }
}
