using Monitoring.Vitals;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Monitoring.Fhir;

/// <summary>
/// Reads a FHIR R4 vital-signs Observation (JSON) into <see cref="Reading"/>s, or says everything that
/// is wrong with it. Takes: category vital-signs; status final, amended, corrected or preliminary;
/// subject <c>Patient/{id}</c> or <c>Device/{id}</c> (or device <c>Device/{id}</c>); a measurement time
/// with seconds and time zone (a bare date is taken as 00:00 UTC, with a warning), at most
/// <see cref="ReadingClock.FutureTolerance"/> ahead of our clock; a LOINC code for heart rate,
/// pulse rate, respiratory rate, SpO2, body temperature, systolic/diastolic/mean pressure, or the
/// blood-pressure panel with components; a UCUM valueQuantity (kPa and [degF] are converted).
/// </summary>
public static class FhirObservationReader
{
    private static readonly ObservationStatus[] TakenStatuses =
        [ObservationStatus.Final, ObservationStatus.Amended, ObservationStatus.Corrected, ObservationStatus.Preliminary];

    public static FhirReadResult Read(string json, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(json);
        var problems = new List<FhirProblem>();
        if (FhirResourceParser.Parse(json, problems) is not { } observation)
        {
            return FhirReadResult.Failure(problems);
        }

        if (observation.Status is not { } status || !TakenStatuses.Contains(status))
        {
            problems.Add(new("Observation.status", $"Status '{observation.StatusElement?.JsonValue}' is not taken; send final, amended, corrected or preliminary.", IssueType.NotSupported));
        }

        if (!observation.Category.Any(IsVitalSigns))
        {
            problems.Add(new("Observation.category", $"The Observation is not in category vital-signs; send a coding with system '{FhirVitalCodes.ObservationCategory}' and code '{FhirVitalCodes.VitalSignsCategory}'.", IssueType.Required));
        }

        var (patientId, deviceId) = FhirSubjects.Read(observation, problems);
        var warnings = new List<FhirProblem>();
        var (at, clockSkew) = FhirEffectiveTimes.Read(observation, now, problems, warnings);
        var values = FhirObservationValues.Read(observation, problems);
        if (problems.Count > 0 || at is null)
        {
            return FhirReadResult.Failure(problems, deviceId, clockSkew);
        }

        var readings = values.Select(v => new Reading(v.Sign, v.Value, at.Value)).ToList();
        return FhirReadResult.Success(new FhirObservationInput(patientId, deviceId, readings, observation.Id), warnings);
    }

    private static bool IsVitalSigns(CodeableConcept category) =>
        category.Coding.Any(c => c.System == FhirVitalCodes.ObservationCategory && c.Code == FhirVitalCodes.VitalSignsCategory);
}
