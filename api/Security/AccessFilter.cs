using Monitoring.Api.Audit;

namespace Monitoring.Api.Security;

/// <summary>
/// Checks an endpoint's caller before it runs (role, and the unit of what the route names), and
/// writes one audit row for the action afterwards, with its outcome. Refusals are audited too.
/// </summary>
public sealed class AccessFilter(AccessScope scope, IReadOnlyCollection<string> roles, string auditAction, bool auditSuccess) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var access = services.GetRequiredService<CareAccess>();
        var audit = services.GetRequiredService<AuditTrail>();
        var user = http.User;
        var routeValue = scope == AccessScope.None ? null : http.Request.RouteValues[RouteKey(scope)] as string;
        var resource = routeValue is null ? http.Request.Path.Value ?? "" : $"{scope.ToString().ToLowerInvariant()}/{routeValue}";

        if (!user.IsAny(roles))
        {
            return access.Deny(http, auditAction, resource, $"needs the role {string.Join(" or ", roles)}");
        }

        if (scope is AccessScope.Patient or AccessScope.Unit or AccessScope.Device or AccessScope.Gateway && !Identifiers.IsValid(routeValue))
        {
            return await next(context); // the endpoint answers 400 naming the bad route value, touching nothing
        }

        // The watchdog's unit, patients and devices are nobody's to read or feed (it uses the grains itself).
        if (Monitoring.Watchdog.SyntheticBeds.IsSynthetic(routeValue))
        {
            return access.Deny(http, auditAction, resource, "reserved for the alarm-path watchdog");
        }

        switch (scope)
        {
            case AccessScope.Device when !string.Equals(user.Subject(), routeValue, StringComparison.Ordinal):
                return access.Deny(http, auditAction, resource, "a device may only speak for itself");
            case AccessScope.Gateway when !string.Equals(user.Subject(), routeValue, StringComparison.Ordinal):
                return access.Deny(http, auditAction, resource, "a gateway may only speak as itself");
            case AccessScope.Unit when !user.MaySee(routeValue!):
                return access.Deny(http, auditAction, resource, $"unit '{routeValue}' is not among your units");
            case AccessScope.Patient or AccessScope.Alarm:
                var unit = scope == AccessScope.Patient ? await access.UnitOfPatientAsync(routeValue!) : await access.UnitOfAlarmAsync(routeValue!);
                if (!CareAccess.Allows(user, roles, unit))
                {
                    return access.Deny(http, auditAction, resource, unit is null ? "the patient is not admitted to any of your units" : $"the patient's unit is not among your units");
                }

                break;
        }

        if (!auditSuccess)
        {
            return await next(context);
        }

        if (!audit.HasRoom)
        {
            // What cannot be audited is not done.
            return Http.Problems.Unavailable(http, "The audit trail cannot record this request right now; nothing was done. Send it again after the Retry-After delay.");
        }

        var result = await next(context);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        audit.Record(http, auditAction, resource, status < 400 ? AuditOutcomes.Success : AuditOutcomes.Failed, status < 400 ? null : status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return result;
    }

    private static string RouteKey(AccessScope scope) => scope switch
    {
        AccessScope.Patient => "patientId",
        AccessScope.Unit => "unitId",
        AccessScope.Alarm => "alarmId",
        AccessScope.Device => "deviceId",
        AccessScope.Gateway => "gatewayId",
        _ => "",
    };
}

/// <summary>Declares who may call an endpoint, and what is audited.</summary>
public static class AccessEndpointExtensions
{
    /// <summary>Callers need one of <paramref name="roles"/> and the unit of what <paramref name="scope"/> names; refusals are audited.</summary>
    public static RouteHandlerBuilder Allow(this RouteHandlerBuilder endpoint, AccessScope scope, IReadOnlyCollection<string> roles, string auditAction) =>
        endpoint.AddEndpointFilter(new AccessFilter(scope, roles, auditAction, auditSuccess: false));

    /// <summary>As <see cref="Allow"/>, and every call is audited with its outcome.</summary>
    public static RouteHandlerBuilder AllowAudited(this RouteHandlerBuilder endpoint, AccessScope scope, IReadOnlyCollection<string> roles, string auditAction) =>
        endpoint.AddEndpointFilter(new AccessFilter(scope, roles, auditAction, auditSuccess: true));
}
