namespace Monitoring.Api.Fhir;

/// <summary>The codes $lastn groups by (Observation.code as written): each is one LOINC code, a panel is both its signs.</summary>
public static class FhirLastN
{
    public static IReadOnlyList<string[]> CodeGroups { get; } = [["hr"], ["pr"], ["rr"], ["spo2"], ["temp"], ["sbp", "dbp"], ["map"]];
}
