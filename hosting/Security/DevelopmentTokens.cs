using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Security;

/// <summary>
/// Mints tokens signed with the local key (HS256): for development, the simulator and tests. In
/// production the identity provider issues them and this key is not configured.
/// </summary>
public static class DevelopmentTokens
{
    public const int MinimumKeyBytes = 32;

    public static bool TryDecodeKey(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written < MinimumKeyBytes)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    public static SymmetricSecurityKey SecurityKey(string base64) =>
        TryDecodeKey(base64, out var key)
            ? new SymmetricSecurityKey(key)
            : throw new ArgumentException($"The signing key must be base64 of at least {MinimumKeyBytes} bytes.", nameof(base64));

    /// <summary>A new random key, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes));

    /// <summary>A token for <paramref name="subject"/> with these roles and units, valid for <paramref name="lifetime"/>.</summary>
    public static string Mint(
        string signingKey,
        string subject,
        IEnumerable<string> roles,
        IEnumerable<string> units,
        TimeSpan lifetime,
        string issuer = "monitoring-local",
        string audience = "monitoring",
        DateTimeOffset? now = null)
    {
        var issued = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["role"] = roles.ToArray(),
        };
        if (units.ToArray() is { Length: > 0 } unitList)
        {
            claims["units"] = unitList;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + lifetime,
            SigningCredentials = new SigningCredentials(SecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }
}
