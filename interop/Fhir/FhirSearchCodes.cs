namespace Monitoring.Fhir;

/// <summary>
/// Which of our signs an Observation <c>code</c> search token matches. The search matches Observation.code as
/// written (<see cref="FhirObservationWriter"/>): a blood pressure is one panel (85354-9) whose systolic and
/// diastolic are components, so 8480-6 and 8462-4 match no Observation of ours (component-code is not
/// supported), nor do codes we never write. A token may name the system (<c>http://loinc.org|8867-4</c>);
/// another system matches nothing.
/// </summary>
public static class FhirSearchCodes
{
    /// <summary>Our sign codes (<c>hr</c>, <c>sbp</c>, ...) the token matches; empty when none.</summary>
    public static IReadOnlyList<string> SignsOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        var (system, code) = bar < 0 ? (null, token) : (token[..bar], token[(bar + 1)..]);
        if (system is not (null or FhirVitalCodes.Loinc))
        {
            return [];
        }

        return code switch
        {
            "8867-4" => ["hr"],
            "8889-8" => ["pr"],
            "9279-1" => ["rr"],
            "2708-6" or "59408-5" => ["spo2"],
            "8310-5" => ["temp"],
            "8478-0" => ["map"],
            FhirVitalCodes.BloodPressurePanel => ["sbp", "dbp"],
            _ => [],
        };
    }

    /// <summary>The codes that match something, for the CapabilityStatement's documentation.</summary>
    public static IReadOnlyList<string> Searchable { get; } = ["8867-4", "8889-8", "9279-1", "2708-6", "59408-5", "8310-5", "8478-0", FhirVitalCodes.BloodPressurePanel];
}
