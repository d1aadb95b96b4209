using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Api.Security;

/// <summary>
/// Checks a bearer token once, then answers from what it found for the same token until the token expires
/// or <see cref="KeptFor"/> has passed, whichever comes first: a bedside device sends the same token with
/// every batch, and checking its signature again each second was about a twentieth of an api host's CPU at
/// 2,500 devices (BENCHMARKS.md). Only tokens found valid are kept, under the SHA-256 of the token, and only
/// for the checks they passed: new keys from the identity provider, or other settings, mean a fresh check. Each request gets an identity of its own, copied from the one kept. A
/// refused token is checked every time, so it is counted and audited every time (<see cref="Audit.FailedSignIns"/>).
/// </summary>
public sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>How long a check is relied on, at most, however long the token has left.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    /// <summary>Tokens kept at most; past it, the expired go, and if that is not enough, all of them.</summary>
    public const int Capacity = 50_000;

    private readonly ConcurrentDictionary<string, Checked> _checked = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var key = token is { Length: > 0 } ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) : null;
        var now = time.GetUtcNow();
        if (key is not null && _checked.TryGetValue(key, out var known)
            && known.Until > now && SameChecks(known.Parameters, validationParameters))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity.Clone(),
                SecurityToken = known.Token,
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (key is not null && result.IsValid && result.SecurityToken is { } checkedToken)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(checkedToken.ValidTo, DateTimeKind.Utc));
            var until = expires < now + KeptFor ? expires : now + KeptFor;
            if (until > now)
            {
                MakeRoom(now);
                // A copy of its own: the identity handed to this request may be added to downstream.
                _checked[key] = new Checked(result.ClaimsIdentity.Clone(), checkedToken, result.Issuer, result.TokenType, validationParameters, until);
            }
        }

        return result;
    }

    /// <summary>
    /// Whether a check under <paramref name="now"/> would be the one made under <paramref name="then"/>: the
    /// JWT handler hands every request a copy of its settings (with the identity provider's current keys),
    /// so the same audiences, issuers, algorithms and rules, and the very same key objects.
    /// </summary>
    private static bool SameChecks(TokenValidationParameters then, TokenValidationParameters now) =>
        ReferenceEquals(then, now)
        || (then.ValidAudience == now.ValidAudience && Same(then.ValidAudiences, now.ValidAudiences)
            && then.ValidIssuer == now.ValidIssuer && Same(then.ValidIssuers, now.ValidIssuers)
            && Same(then.ValidAlgorithms, now.ValidAlgorithms)
            && ReferenceEquals(then.IssuerSigningKey, now.IssuerSigningKey) && SameKeys(then.IssuerSigningKeys, now.IssuerSigningKeys)
            && then.ValidateAudience == now.ValidateAudience && then.ValidateIssuer == now.ValidateIssuer
            && then.ValidateLifetime == now.ValidateLifetime && then.RequireExpirationTime == now.RequireExpirationTime
            && then.ClockSkew == now.ClockSkew && ReferenceEquals(then.LifetimeValidator, now.LifetimeValidator)
            && ReferenceEquals(then.IssuerSigningKeyResolver, now.IssuerSigningKeyResolver));

    private static bool Same(IEnumerable<string>? a, IEnumerable<string>? b) =>
        (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    private static bool SameKeys(IEnumerable<SecurityKey>? a, IEnumerable<SecurityKey>? b) =>
        (a ?? []).SequenceEqual(b ?? [], ReferenceEqualityComparer.Instance);

    private void MakeRoom(DateTimeOffset now)
    {
        if (_checked.Count < Capacity)
        {
            return;
        }

        foreach (var (key, known) in _checked)
        {
            if (known.Until <= now)
            {
                _checked.TryRemove(key, out _);
            }
        }

        if (_checked.Count >= Capacity)
        {
            _checked.Clear();
        }
    }

    private sealed record Checked(
        System.Security.Claims.ClaimsIdentity Identity, SecurityToken Token, string? Issuer, string? TokenType, TokenValidationParameters Parameters, DateTimeOffset Until);
}
