using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;
using Monitoring.Api.Security;

namespace Monitoring.Api.WebPush;

/// <summary>
/// Signs in a request that carries a notification's acknowledge capability (<c>Authorization: PushAck &lt;secret&gt;</c>)
/// as the person it was pushed to, with the role on-call and the units of their subscription, and only for the
/// acknowledgement of the capability's alarm: a request naming any other alarm, or any other endpoint, is not signed
/// in by it (only <c>POST /api/v1/alarms/{alarmId}/acknowledge</c> accepts this scheme). Failures count as failed
/// sign-ins. docs/security.md#acknowledging-from-a-notification says why this is safe.
/// </summary>
public sealed class PushAcknowledgeHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PushSubscriptionStore store,
    FailedSignIns failedSignIns) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        var prefix = AcknowledgeCapability.Scheme + " ";
        if (header is null || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header[prefix.Length..].Trim();
        var alarmId = Request.RouteValues["alarmId"] as string;
        var grant = AcknowledgeCapability.IsWellFormed(secret) ? await store.GrantOfAsync(secret, Context.RequestAborted) : null;
        if (grant is null || !string.Equals(grant.AlarmId, alarmId, StringComparison.Ordinal))
        {
            failedSignIns.Count(Context, grant is null ? "acknowledge capability unknown or expired" : "acknowledge capability for another alarm");
            return AuthenticateResult.Fail("The acknowledge capability is unknown, expired, or for another alarm.");
        }

        var claims = new List<Claim> { new("sub", grant.Subject), new(CareRoles.RoleClaim, CareRoles.OnCall) };
        claims.AddRange(grant.Units.Select(u => new Claim(CareRoles.UnitsClaim, u)));
        var identity = new ClaimsIdentity(claims, AcknowledgeCapability.Scheme, "sub", CareRoles.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AcknowledgeCapability.Scheme));
    }
}
