using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Security;

/// <summary>
/// Who may call: JWT bearer tokens, checked either against a signing key of our own (local use,
/// development and tests) or against an identity provider's published keys (production).
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>
    /// The identity provider (OpenID Connect issuer) whose JWKS signs tokens in production, e.g.
    /// <c>https://login.hospital.example/realms/icu</c>. When set, <see cref="SigningKey"/> is not used.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>A symmetric key (base64, at least 32 bytes) that signs local tokens (HS256).</summary>
    public string? SigningKey { get; set; }

    /// <summary>The issuer tokens must name (for local tokens; an authority names its own).</summary>
    public string Issuer { get; set; } = "monitoring-local";

    /// <summary>The audience tokens must name.</summary>
    public string Audience { get; set; } = "monitoring";

    /// <summary>
    /// The algorithms an authority's tokens may be signed with (asymmetric only). Pinned, so that a token
    /// is never checked by an algorithm its header chose: not <c>none</c>, and not HS256 keyed with the
    /// authority's public key.
    /// </summary>
    public string[] Algorithms { get; set; } = [SecurityAlgorithms.RsaSha256];

    /// <summary>The algorithms <see cref="Algorithms"/> may name: signatures by a key pair.</summary>
    public static readonly IReadOnlySet<string> AsymmetricAlgorithms = new HashSet<string>(StringComparer.Ordinal)
    {
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    };

    /// <summary>
    /// Whether the authority is on this machine (a loopback address or <c>localhost</c>): only then may it
    /// be reached over plain http (a test identity provider); anywhere else its keys must come over https.
    /// </summary>
    public static bool IsLoopback(Uri authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.IsLoopback || (IPAddress.TryParse(authority.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>How much clock difference between us and the token's issuer is tolerated.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Auth:ClockSkew must be between 0 and 10 min.")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        Uri? authority = null;
        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(SigningKey))
        {
            yield return new ValidationResult(
                "Auth:Authority (an OpenID Connect issuer) or Auth:SigningKey (base64, at least 32 bytes, for local tokens) is required.",
                [nameof(Authority), nameof(SigningKey)]);
        }
        else if (!string.IsNullOrWhiteSpace(Authority) && (!Uri.TryCreate(Authority, UriKind.Absolute, out authority) || authority.Scheme is not ("https" or "http")))
        {
            yield return new ValidationResult($"Auth:Authority '{Authority}' must be the absolute address of an OpenID Connect issuer, e.g. https://login.hospital.example/realms/icu.", [nameof(Authority)]);
        }
        else if (authority is { Scheme: "http" } && !IsLoopback(authority))
        {
            yield return new ValidationResult(
                $"Auth:Authority '{Authority}' must be https: the keys that sign every token are read from it, and over plain http anyone on the way could replace them (http is taken only from this machine, for a test identity provider).",
                [nameof(Authority)]);
        }
        else if (string.IsNullOrWhiteSpace(Authority) && DevelopmentTokens.TryDecodeKey(SigningKey, out _) is false)
        {
            yield return new ValidationResult("Auth:SigningKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).", [nameof(SigningKey)]);
        }

        var notByKeyPair = Algorithms?.FirstOrDefault(a => !AsymmetricAlgorithms.Contains(a));
        if (Algorithms is not { Length: > 0 } || notByKeyPair is not null)
        {
            yield return new ValidationResult(
                $"Auth:Algorithms lists what an authority's tokens may be signed with, and only signatures by a key pair are taken ({string.Join(", ", AsymmetricAlgorithms)}); {(notByKeyPair is null ? "none is given" : $"'{notByKeyPair}' is not one of them")}.",
                [nameof(Algorithms)]);
        }
    }
}
