using System.Collections.Frozen;
using Monitoring.Vitals;

namespace Monitoring.Fhir;

/// <summary>
/// The code systems, LOINC codes and R4 vital-signs profiles this API reads and writes, and how the
/// LOINC codes map onto our <see cref="VitalSign"/>s.
/// </summary>
public static class FhirVitalCodes
{
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string VitalSignsCategory = "vital-signs";
    public const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /// <summary>"Blood pressure panel with all children optional", the code the R4 bp profile demands.</summary>
    public const string BloodPressurePanel = "85354-9";

    /// <summary>"Blood pressure panel", an older panel code some senders still use; read, never written.</summary>
    public const string BloodPressurePanelOld = "55284-4";

    public const string VitalSignsProfile = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
    public const string BloodPressureProfile = "http://hl7.org/fhir/StructureDefinition/bp";

    private const string ProfileBase = "http://hl7.org/fhir/StructureDefinition/";

    /// <summary>LOINC code, display, and the sign it reads into.</summary>
    private static readonly (string Code, string Display, VitalSign Sign)[] Codes =
    [
        ("8867-4", "Heart rate", VitalSign.HeartRate),
        ("8889-8", "Heart rate by Pulse oximetry", VitalSign.PulseRate),
        ("9279-1", "Respiratory rate", VitalSign.RespirationRate),
        ("2708-6", "Oxygen saturation in Arterial blood", VitalSign.SpO2),
        ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", VitalSign.SpO2),
        ("8310-5", "Body temperature", VitalSign.Temperature),
        ("8480-6", "Systolic blood pressure", VitalSign.SystolicPressure),
        ("8462-4", "Diastolic blood pressure", VitalSign.DiastolicPressure),
        ("8478-0", "Mean blood pressure", VitalSign.MeanArterialPressure),
    ];

    private static readonly FrozenDictionary<string, VitalSign> SignByCode =
        Codes.ToFrozenDictionary(c => c.Code, c => c.Sign, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> DisplayByCode =
        Codes.Select(c => (c.Code, c.Display))
            .Append((Code: BloodPressurePanel, Display: "Blood pressure panel with all children optional"))
            .ToFrozenDictionary(c => c.Code, c => c.Display, StringComparer.Ordinal);

    /// <summary>The LOINC codes read, for error messages.</summary>
    public static string Known => string.Join(", ", Codes.Select(c => $"{c.Code} ({c.Display})")
        .Append($"{BloodPressurePanel} or {BloodPressurePanelOld} (blood pressure panel)"));

    /// <summary>The sign a LOINC code stands for (both SpO2 codes give <see cref="VitalSign.SpO2"/>).</summary>
    public static bool TryGetSign(string? loincCode, out VitalSign sign)
    {
        sign = default;
        return loincCode is not null && SignByCode.TryGetValue(loincCode, out sign);
    }

    public static bool IsBloodPressurePanel(string? loincCode) =>
        loincCode is BloodPressurePanel or BloodPressurePanelOld;

    /// <summary>The display LOINC gives a code we write.</summary>
    public static string Display(string loincCode) => DisplayByCode[loincCode];

    /// <summary>
    /// The LOINC codes written for a sign, the first being the one the profile demands. SpO2 gets
    /// 2708-6 (oxygensat demands it) and 59408-5 (what a pulse oximeter measures).
    /// </summary>
    public static IReadOnlyList<string> CodesFor(VitalSign sign) => sign switch
    {
        VitalSign.SpO2 => ["2708-6", "59408-5"],
        _ => [Codes.First(c => c.Sign == sign).Code],
    };

    /// <summary>
    /// The R4 profile an Observation of this sign conforms to, beyond vitalsigns; <c>null</c> for pulse
    /// rate and mean pressure, which R4 has no profile for. Systolic and diastolic go into the bp panel.
    /// </summary>
    public static string? ProfileFor(VitalSign sign) => sign switch
    {
        VitalSign.HeartRate => ProfileBase + "heartrate",
        VitalSign.RespirationRate => ProfileBase + "resprate",
        VitalSign.SpO2 => ProfileBase + "oxygensat",
        VitalSign.Temperature => ProfileBase + "bodytemp",
        VitalSign.SystolicPressure or VitalSign.DiastolicPressure => BloodPressureProfile,
        _ => null,
    };

    /// <summary>Whether the writer can express this sign as a vital-signs Observation (ACVPU and the oxygen flag are not).</summary>
    public static bool IsWritable(VitalSign sign) => Codes.Any(c => c.Sign == sign);
}
