namespace Monitoring.Api.Fhir;

/// <summary>
/// The names the FHIR surface understands, in one place: the CapabilityStatement lists these and the search
/// reads these, so that the one cannot promise what the other does not do.
/// </summary>
public static class FhirSearchParameters
{
    /// <summary>Observation's search parameters: name, type, the R4 SearchParameter it is, and what it does here.</summary>
    public static IReadOnlyList<(string Name, string Type, string Definition, string Documentation)> Observation { get; } =
    [
        ("patient", "reference", "http://hl7.org/fhir/SearchParameter/clinical-patient",
            "The patient, as {id} or Patient/{id}; a search names exactly one patient (with patient or subject)."),
        ("subject", "reference", "http://hl7.org/fhir/SearchParameter/Observation-subject",
            "As patient: {id} or Patient/{id}."),
        ("code", "token", "http://hl7.org/fhir/SearchParameter/clinical-code",
            "LOINC code of Observation.code, with or without http://loinc.org|; several separated by commas match any. Blood pressure is the panel 85354-9 (8480-6 and 8462-4 are its components, not searchable)."),
        ("category", "token", "http://hl7.org/fhir/SearchParameter/Observation-category",
            "vital-signs (every Observation here is one); any other category matches nothing."),
        ("date", "date", "http://hl7.org/fhir/SearchParameter/clinical-date",
            "effectiveDateTime with the prefixes eq (default), ge, gt, le, lt; repeat it for a range (date=ge...&date=lt...). A time without a zone is UTC."),
    ];

    public const string Count = "_count";
    public const string Sort = "_sort";
    public const string Cursor = "_cursor";
    public const string Format = "_format";

    /// <summary>$lastn's own parameter: how many of each code, the newest.</summary>
    public const string Max = "max";

    public const string LastN = "lastn";
    public const string LastNDefinition = "http://hl7.org/fhir/OperationDefinition/Observation-lastn";
}
