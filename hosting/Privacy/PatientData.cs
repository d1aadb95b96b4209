using Microsoft.Extensions.Compliance.Classification;

namespace Monitoring.Privacy;

/// <summary>
/// What identifies a patient, classified so that logs and traces never carry it in the clear: the
/// patient id (the hospital's MRN) and any demographic field (name, birth date). Hosts redact both
/// (see <c>PatientDataRedaction</c>).
/// </summary>
public static class PatientData
{
    public const string TaxonomyName = "patient";

    /// <summary>The patient id or MRN.</summary>
    public static DataClassification Identifier { get; } = new(TaxonomyName, nameof(Identifier));

    /// <summary>Names, birth dates and other demographics.</summary>
    public static DataClassification Demographic { get; } = new(TaxonomyName, nameof(Demographic));
}

/// <summary>Marks a logged value as a patient id or MRN.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PatientIdentifierAttribute : DataClassificationAttribute
{
    public PatientIdentifierAttribute()
        : base(PatientData.Identifier)
    {
    }
}
