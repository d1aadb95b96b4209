using System.ComponentModel.DataAnnotations;
using Monitoring.Security;

namespace Monitoring.Api.Security;

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

    /// <summary>Whether the authority must be reached over HTTPS (only ever false for a test identity provider).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How much clock difference between us and the token's issuer is tolerated.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Auth:ClockSkew must be between 0 and 10 min.")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(SigningKey))
        {
            yield return new ValidationResult(
                "Auth:Authority (an OpenID Connect issuer) or Auth:SigningKey (base64, at least 32 bytes, for local tokens) is required.",
                [nameof(Authority), nameof(SigningKey)]);
        }
        else if (!string.IsNullOrWhiteSpace(Authority) && (!Uri.TryCreate(Authority, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http")))
        {
            yield return new ValidationResult($"Auth:Authority '{Authority}' must be the absolute address of an OpenID Connect issuer, e.g. https://login.hospital.example/realms/icu.", [nameof(Authority)]);
        }
        else if (string.IsNullOrWhiteSpace(Authority) && DevelopmentTokens.TryDecodeKey(SigningKey, out _) is false)
        {
            yield return new ValidationResult("Auth:SigningKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).", [nameof(SigningKey)]);
        }
    }
}
