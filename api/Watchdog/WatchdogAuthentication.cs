using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Monitoring.Api.Security;
using Monitoring.Watchdog;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// How this host's own watchdog signs in to this host's hub, whatever identity provider people use: with a secret
/// made at start that never leaves the process (header <see cref="Header"/>). It is role <see cref="CareRoles.Watchdog"/>,
/// sees the watchdog's unit only, and nothing else: no patient, no acknowledging, no on-call.
/// </summary>
public sealed class WatchdogAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "watchdog";
    public const string Header = "X-Monitoring-Watchdog";

    /// <summary>This process's secret: random, made once, known only to its own hub client.</summary>
    public static readonly string Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var presented) || presented.Count != 1)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented[0] ?? ""), Encoding.UTF8.GetBytes(Secret)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Not this host's watchdog."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim("sub", "watchdog"),
                new Claim(CareRoles.RoleClaim, CareRoles.Watchdog),
                new Claim(CareRoles.UnitsClaim, SyntheticBeds.UnitId),
            ],
            SchemeName,
            "sub",
            CareRoles.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
