using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Security;

/// <summary>How every process checks a bearer token (<see cref="AuthOptions"/>): the api for everyone, the silo for operators.</summary>
public static class JwtValidation
{
    /// <summary>The claim roles are read from.</summary>
    public const string RoleClaim = "role";

    public static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(auth);
        jwt.MapInboundClaims = false; // keep "sub", "role" and "units" as they are in the token
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = auth.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = RoleClaim,
        };
        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            // Production: the identity provider's keys, found through its discovery document (JWKS), over
            // https unless it is on this machine (validated at start-up), checked by the pinned algorithms only.
            jwt.Authority = auth.Authority;
            jwt.RequireHttpsMetadata = !AuthOptions.IsLoopback(new Uri(auth.Authority));
            jwt.TokenValidationParameters.ValidAlgorithms = auth.Algorithms;
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.SecurityKey(auth.SigningKey!);
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
    }
}
