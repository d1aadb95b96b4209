using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hosting;

/// <summary>Where traces and metrics go besides <c>/metrics</c> (compiled into the silo and the api).</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>An OTLP collector for traces and metrics, e.g. <c>http://otel-collector:4317</c>; none when empty.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// The share of traces recorded, from 0 to 1, decided where a trace begins (a device's request, an HL7
    /// message) and followed by every process it crosses; a trace that arrives already decided (a
    /// <c>traceparent</c> header) keeps its decision. The spans of an alarm are recorded whatever the share.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Telemetry:TraceSampleRatio must be between 0 and 1.")]
    public double TraceSampleRatio { get; set; } = 0.05;

    /// <summary>Prints every finished span on the console.</summary>
    public bool ConsoleSpans { get; set; }

    /// <summary>The collector's address, or null when none (or not a valid one: validation reports that).</summary>
    public Uri? OtlpUri => Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && OtlpUri is null)
        {
            yield return new ValidationResult(
                $"Telemetry:OtlpEndpoint '{OtlpEndpoint}' must be an absolute http or https address, e.g. http://otel-collector:4317.",
                [nameof(OtlpEndpoint)]);
        }
    }
}
