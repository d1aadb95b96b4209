using System.ComponentModel.DataAnnotations;

namespace Monitoring.Silo.Hosting;

/// <summary>The silo's operator port: health, <c>/metrics</c> and the Orleans Dashboard.</summary>
public sealed class OperationsOptions : IValidatableObject
{
    public const string Section = "Operations";
    private const string DefaultUrls = "http://127.0.0.1:5081";

    /// <summary>Where the operator port listens: http(s) addresses separated by ';'. Loopback by default; empty means the default.</summary>
    public string Urls { get; set; } = DefaultUrls;

    public IReadOnlyList<string> UrlList =>
        (string.IsNullOrWhiteSpace(Urls) ? DefaultUrls : Urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UrlList.Count == 0 || !UrlList.All(IsHttpAddress))
        {
            yield return new ValidationResult(
                $"Operations:Urls '{Urls}' must be one or more http or https addresses separated by ';', e.g. http://127.0.0.1:5081.",
                [nameof(Urls)]);
        }
    }

    // Kestrel also takes the wildcard hosts "*" and "+", which are not valid in a URI as such.
    private static bool IsHttpAddress(string url) =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https";
}
