using Hl7.Fhir.Model;
using Monitoring.Vitals;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Monitoring.Fhir;

/// <summary>
/// What an Observation measured: its LOINC code picks the sign (or the blood-pressure panel), and
/// valueQuantity (or, for the panel, each component's valueQuantity) gives the value.
/// </summary>
internal static class FhirObservationValues
{
    public static List<(VitalSign Sign, double Value)> Read(Observation observation, List<FhirProblem> problems)
    {
        var loinc = observation.Code?.Coding
            .Where(c => c.System == FhirVitalCodes.Loinc)
            .Select(c => c.Code)
            .ToList() ?? [];
        if (loinc.Any(FhirVitalCodes.IsBloodPressurePanel))
        {
            return Panel(observation, problems);
        }

        var signs = loinc.Select(code => FhirVitalCodes.TryGetSign(code, out var sign) ? sign : (VitalSign?)null)
            .OfType<VitalSign>()
            .Distinct()
            .ToList();
        if (signs.Count == 0)
        {
            var sent = loinc.Count == 0 ? "The code has no LOINC coding" : $"LOINC {string.Join(", ", loinc)} is not a vital sign this API takes";
            problems.Add(new("Observation.code", $"{sent}; send a coding with system '{FhirVitalCodes.Loinc}' and one of {FhirVitalCodes.Known}.", IssueType.NotSupported));
            return [];
        }

        if (signs.Count > 1)
        {
            problems.Add(new("Observation.code", $"The LOINC codes name different vital signs ({string.Join(", ", signs.Select(FhirQuantities.Name))}); send one Observation per sign."));
            return [];
        }

        var value = Value(observation.Value, observation.DataAbsentReason, signs[0], "Observation", problems);
        return value is null ? [] : [(signs[0], value.Value)];
    }

    private static List<(VitalSign Sign, double Value)> Panel(Observation observation, List<FhirProblem> problems)
    {
        if (observation.Value is { } panelValue)
        {
            problems.Add(new("Observation.value" + FhirJsonPaths.TypeSuffix(panelValue), "A blood-pressure panel carries its values in components 8480-6 and 8462-4, not in value[x]."));
        }

        var before = problems.Count;
        var readings = new List<(VitalSign Sign, double Value)>();
        for (var i = 0; i < observation.Component.Count; i++)
        {
            var component = observation.Component[i];
            var path = $"Observation.component[{i}]";
            var sign = component.Code?.Coding
                .Where(c => c.System == FhirVitalCodes.Loinc)
                .Select(c => FhirVitalCodes.TryGetSign(c.Code, out var s) ? s : (VitalSign?)null)
                .FirstOrDefault(s => s is VitalSign.SystolicPressure or VitalSign.DiastolicPressure or VitalSign.MeanArterialPressure);
            if (sign is null)
            {
                continue; // other children of the panel (cuff size, position, ...) are not vital signs
            }

            if (readings.Any(r => r.Sign == sign))
            {
                problems.Add(new(path + ".code", $"The panel has more than one {FhirQuantities.Name(sign.Value)} component."));
                continue;
            }

            if (component.Value is null && component.DataAbsentReason is not null)
            {
                continue; // e.g. a diastolic the cuff could not determine: the rest of the panel stands
            }

            if (Value(component.Value, null, sign.Value, path, problems) is { } value)
            {
                readings.Add((sign.Value, value));
            }
        }

        if (readings.Count == 0 && problems.Count == before)
        {
            var path = observation.Component.Count == 0 ? "Observation.component" : "Observation.component.code";
            problems.Add(new(path, "A blood-pressure panel needs a component with LOINC 8480-6 (systolic) and/or 8462-4 (diastolic), each with a valueQuantity.", IssueType.Required));
        }

        return readings;
    }

    private static double? Value(DataType? value, CodeableConcept? absent, VitalSign sign, string owner, List<FhirProblem> problems)
    {
        switch (value)
        {
            case Quantity quantity:
                return FhirQuantities.ToOurUnit(quantity, sign, owner + ".valueQuantity", problems);
            case null:
                var why = absent is null ? "" : $" (dataAbsentReason {absent.Coding.FirstOrDefault()?.Code ?? absent.Text})";
                problems.Add(new(owner + ".valueQuantity", $"The {FhirQuantities.Name(sign)} has no value{why}; there is nothing to record.", IssueType.Required));
                return null;
            default:
                problems.Add(new(owner + ".value" + FhirJsonPaths.TypeSuffix(value), $"A {FhirQuantities.Name(sign)} is a valueQuantity, not a value{FhirJsonPaths.TypeSuffix(value)}."));
                return null;
        }
    }
}
