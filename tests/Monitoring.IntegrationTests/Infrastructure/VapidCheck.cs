using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Checks a push request's VAPID authorization (RFC 8292) as a push service does: <c>vapid t=&lt;JWT&gt;, k=&lt;key&gt;</c>,
/// the key the one the server publishes, the JWT signed with it (ES256), for this push service's origin, unexpired and
/// for at most 24 h, with a contact. Returns what is wrong, or null.
/// </summary>
public static class VapidCheck
{
    public static string? Problem(string? authorization, string expectedPublicKey, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (authorization is null || !authorization.StartsWith("vapid ", StringComparison.Ordinal))
        {
            return $"the Authorization header is not 'vapid t=…, k=…': '{authorization}'";
        }

        var parameters = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parameters.TryGetValue("t", out var jwt) || !parameters.TryGetValue("k", out var key))
        {
            return "the vapid header lacks t or k";
        }

        if (key.TrimEnd('=') != expectedPublicKey.TrimEnd('='))
        {
            return $"k is not the server's public key: {key}";
        }

        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "t is not a JWS in compact form";
        }

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "ES256")
        {
            return $"the JWT's alg is {header.RootElement.GetProperty("alg")}, not ES256";
        }

        var point = Base64Url.DecodeFromChars(key);
        using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        if (!verifier.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
        {
            return "the JWT's signature does not verify with k";
        }

        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var root = claims.RootElement;
        var origin = endpoint.GetLeftPart(UriPartial.Authority);
        if (root.GetProperty("aud").GetString() != origin)
        {
            return $"aud is {root.GetProperty("aud")}, not the push service's origin {origin}";
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
        var now = DateTimeOffset.UtcNow;
        if (expires <= now || expires > now.AddHours(24).AddMinutes(1))
        {
            return $"exp {expires:O} is not within the next 24 h";
        }

        return root.TryGetProperty("sub", out var sub) && (sub.GetString()?.StartsWith("mailto:", StringComparison.Ordinal) == true || sub.GetString()?.StartsWith("https:", StringComparison.Ordinal) == true)
            ? null
            : "sub is not a mailto: or https: contact";
    }
}
