using System.ComponentModel.DataAnnotations;

namespace Monitoring.Api.Fhir;

/// <summary>How the FHIR surface pages Observation searches (<c>Fhir:</c> settings).</summary>
public sealed class FhirOptions : IValidatableObject
{
    public const string Section = "Fhir";

    /// <summary>Observations per page when a search gives no <c>_count</c>.</summary>
    [Range(1, 10_000, ErrorMessage = "Fhir:DefaultPageSize must be between 1 and 10000.")]
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The most Observations a page holds, whatever <c>_count</c> asks (a larger one is lowered to it, as FHIR allows).</summary>
    [Range(1, 10_000, ErrorMessage = "Fhir:MaxPageSize must be between 1 and 10000.")]
    public int MaxPageSize { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultPageSize > MaxPageSize)
        {
            yield return new ValidationResult(
                $"Fhir:DefaultPageSize ({DefaultPageSize}) must not be larger than Fhir:MaxPageSize ({MaxPageSize}).",
                [nameof(DefaultPageSize), nameof(MaxPageSize)]);
        }
    }
}
