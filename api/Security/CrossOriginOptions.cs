using System.ComponentModel.DataAnnotations;

namespace Monitoring.Api.Security;

/// <summary>The origins of a dashboard served from another host that may call the api (<c>Cors</c>).</summary>
public sealed class CrossOriginOptions : IValidatableObject
{
    public const string Section = "Cors";

    /// <summary>Origins such as <c>https://station.hospital.example</c>; empty allows no cross-origin calls.</summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedOrigins
            .Select((origin, index) => (origin, index))
            .Where(o => !IsOrigin(o.origin))
            .Select(o => new ValidationResult(
                $"Cors:AllowedOrigins:{o.index} '{o.origin}' must be an origin: http or https, a host and an optional port, no path (e.g. https://station.hospital.example).",
                [nameof(AllowedOrigins)]));

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !origin.EndsWith('/') && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo);
}
