using Hl7.Fhir.Model;
using Monitoring.Vitals;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Monitoring.Fhir;

/// <summary>
/// Turns a FHIR Quantity into a value in our unit for a sign: UCUM only; /min, %, mm[Hg] and Cel as
/// they are, kPa to mm[Hg] and [degF] to Cel (both to one decimal).
/// </summary>
internal static class FhirQuantities
{
    // Larger than any vital sign in any unit; beyond it the number is garbage, not a measurement.
    private const double MaxMagnitude = 1_000_000;

    private const double MillimetresOfMercuryPerKilopascal = 7.50061683;

    /// <summary>The value in our unit, or <c>null</c> after adding what is wrong to <paramref name="problems"/>.</summary>
    public static double? ToOurUnit(Quantity quantity, VitalSign sign, string path, List<FhirProblem> problems)
    {
        var before = problems.Count;
        var name = Name(sign);
        if (quantity.Comparator is not null)
        {
            problems.Add(new(path + ".comparator", $"A {name} with a comparator ('<', '>=', ...) is not a measurement; send the measured value only.", IssueType.NotSupported));
        }

        if (quantity.Value is null)
        {
            problems.Add(new(path + ".value", $"The {name} has no value.", IssueType.Required));
        }
        else if (Math.Abs((double)quantity.Value.Value) > MaxMagnitude)
        {
            problems.Add(new(path + ".value", $"{quantity.Value} is not a {name}.", IssueType.Invalid));
        }

        if (quantity.System != FhirVitalCodes.Ucum)
        {
            problems.Add(new(path + ".system", $"The unit must be UCUM: system '{FhirVitalCodes.Ucum}'.", quantity.System is null ? IssueType.Required : IssueType.NotSupported));
        }

        Func<double, double>? convert = null;
        if (quantity.Code is null)
        {
            problems.Add(new(path + ".code", $"The {name} has no UCUM unit code; send {Accepted(sign)}.", IssueType.Required));
        }
        else if ((convert = Converter(sign, quantity.Code)) is null)
        {
            problems.Add(new(path + ".code", $"'{quantity.Code}' is not a unit this API takes for a {name}; send {Accepted(sign)}.", IssueType.NotSupported));
        }

        return problems.Count == before && convert is not null ? convert((double)quantity.Value!.Value) : null;
    }

    private static Func<double, double>? Converter(VitalSign sign, string ucum) => (sign, ucum) switch
    {
        (VitalSign.HeartRate or VitalSign.PulseRate or VitalSign.RespirationRate, "/min") => Same,
        (VitalSign.SpO2, "%") => Same,
        (VitalSign.SystolicPressure or VitalSign.DiastolicPressure or VitalSign.MeanArterialPressure, "mm[Hg]") => Same,
        (VitalSign.SystolicPressure or VitalSign.DiastolicPressure or VitalSign.MeanArterialPressure, "kPa") =>
            kPa => Round(kPa * MillimetresOfMercuryPerKilopascal),
        (VitalSign.Temperature, "Cel") => Same,
        (VitalSign.Temperature, "[degF]") => fahrenheit => Round((fahrenheit - 32) * 5 / 9),
        _ => null,
    };

    private static string Accepted(VitalSign sign) => sign switch
    {
        VitalSign.HeartRate or VitalSign.PulseRate or VitalSign.RespirationRate => "'/min'",
        VitalSign.SpO2 => "'%'",
        VitalSign.Temperature => "'Cel' or '[degF]'",
        _ => "'mm[Hg]' or 'kPa'",
    };

    private static double Same(double value) => value;

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    /// <summary>The sign as a message names it ("heart rate").</summary>
    public static string Name(VitalSign sign) => sign switch
    {
        VitalSign.HeartRate => "heart rate",
        VitalSign.PulseRate => "pulse rate",
        VitalSign.RespirationRate => "respiratory rate",
        VitalSign.SpO2 => "oxygen saturation",
        VitalSign.Temperature => "body temperature",
        VitalSign.SystolicPressure => "systolic pressure",
        VitalSign.DiastolicPressure => "diastolic pressure",
        VitalSign.MeanArterialPressure => "mean arterial pressure",
        _ => sign.ToString(),
    };
}
