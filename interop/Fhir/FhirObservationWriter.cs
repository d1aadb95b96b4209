using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Monitoring.Vitals;
using static Monitoring.Fhir.FhirVitalCodes;

namespace Monitoring.Fhir;

/// <summary>
/// Writes stored vitals as FHIR R4 Observations that conform to the vital-signs profiles (vitalsigns
/// plus heartrate, resprate, oxygensat, bodytemp or bp): status final, category vital-signs, LOINC code,
/// subject <c>Patient/{id}</c>, effectiveDateTime and a UCUM valueQuantity. A systolic and a diastolic
/// of the same instant become one bp panel (85354-9); one without its partner still becomes a panel,
/// whose missing component carries dataAbsentReason "unknown", as the bp profile demands both components.
/// Pulse rate (8889-8) and mean pressure (8478-0) have no R4 profile of their own and conform to vitalsigns.
/// ACVPU and the oxygen flag are not vital-signs Observations and are not written.
/// </summary>
public static partial class FhirObservationWriter
{
    /// <summary>One Observation for one vital; a systolic or diastolic alone becomes a panel with one value.</summary>
    public static Observation ToObservation(string patientId, StoredVital vital)
    {
        ArgumentNullException.ThrowIfNull(vital);
        if (!IsWritable(vital.Sign))
        {
            throw new ArgumentException($"{vital.Sign} is not written as a vital-signs Observation.", nameof(vital));
        }

        return Write(patientId, FhirVitalPairing.Pair([vital])[0]);
    }

    /// <summary>The Observations for a patient's vitals, systolic and diastolic of one instant paired into one panel.</summary>
    public static IReadOnlyList<Observation> ToObservations(string patientId, IReadOnlyList<StoredVital> vitals)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        CheckPatientId(patientId);
        return FhirVitalPairing.Pair(vitals).Select(group => Write(patientId, group)).ToList();
    }

    /// <summary>A searchset Bundle of <see cref="ToObservations"/>: total, and entries with fullUrl and search mode match.</summary>
    public static Bundle SearchSet(string patientId, IReadOnlyList<StoredVital> vitals, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The FHIR base URL must be absolute, e.g. https://host/fhir.", nameof(baseUrl));
        }

        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        var observations = ToObservations(patientId, vitals);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = observations.Count };
        foreach (var observation in observations)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{root}/Observation/{observation.Id}",
                Resource = observation,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    private static void CheckPatientId(string patientId)
    {
        if (!FhirSubjects.IsOurId(patientId))
        {
            throw new ArgumentException($"'{patientId}' is not a patient id.", nameof(patientId));
        }
    }

    private static Observation Write(string patientId, FhirVitalPairing.Group group)
    {
        CheckPatientId(patientId);
        return Write(new ObservationFrame(new ResourceReference($"Patient/{patientId}"), null, ObservationStatus.Final), group);
    }

    /// <summary>
    /// The Observations of one minute of a stay (<see cref="FhirStayBundle"/>): each vital's mean over
    /// <c>[At, Until)</c> as an effectivePeriod, systolic and diastolic of the minute paired into one panel,
    /// subject and encounter as given (references inside the bundle).
    /// </summary>
    internal static IEnumerable<(FhirVitalPairing.Group Group, Observation Observation)> ToMinuteObservations(IReadOnlyList<StoredVital> minute, ObservationFrame frame) =>
        FhirVitalPairing.Pair(minute).Select(group => (group, Write(frame, group)));

    private static Observation Write(ObservationFrame frame, FhirVitalPairing.Group group)
    {
        if (group.Single is { } single)
        {
            var observation = Start(single, frame, single.Sign);
            observation.Value = Quantity(single);
            return observation;
        }

        var first = group.Systolic ?? group.Diastolic!;
        var panel = Start(first, frame, VitalSign.SystolicPressure);
        panel.Code = Concept([BloodPressurePanel]);
        panel.Component =
        [
            Component(group.Systolic, VitalSign.SystolicPressure),
            Component(group.Diastolic, VitalSign.DiastolicPressure),
        ];
        return panel;
    }

    private static Observation Start(StoredVital vital, ObservationFrame frame, VitalSign sign)
    {
        if (!FhirId().IsMatch(vital.Id))
        {
            throw new ArgumentException($"'{vital.Id}' is not a FHIR id (1 to 64 of A-Z, a-z, 0-9, '-', '.').", nameof(vital));
        }

        var profiles = new List<string> { VitalSignsProfile };
        if (ProfileFor(sign) is { } profile)
        {
            profiles.Add(profile);
        }

        return new Observation
        {
            Id = vital.Id,
            Meta = new Meta { Profile = profiles },
            Status = frame.Status,
            Category =
            [
                new CodeableConcept
                {
                    Coding = [new Coding(ObservationCategory, VitalSignsCategory, "Vital Signs")],
                    Text = "Vital Signs",
                },
            ],
            Code = Concept(CodesFor(sign)),
            Subject = frame.Subject,
            Encounter = frame.Encounter,
            Effective = vital.Until is { } until
                ? new Period(new FhirDateTime(vital.At), new FhirDateTime(until))
                : new FhirDateTime(vital.At),
        };
    }

    private static Observation.ComponentComponent Component(StoredVital? vital, VitalSign sign)
    {
        var component = new Observation.ComponentComponent { Code = Concept(CodesFor(sign)) };
        if (vital is null)
        {
            component.DataAbsentReason = new CodeableConcept(FhirVitalCodes.DataAbsentReason, "unknown", "Unknown");
        }
        else
        {
            component.Value = Quantity(vital);
        }

        return component;
    }

    private static CodeableConcept Concept(IReadOnlyList<string> loincCodes) => new()
    {
        Coding = loincCodes.Select(code => new Coding(Loinc, code, Display(code))).ToList(),
        Text = Display(loincCodes[0]),
    };

    private static Quantity Quantity(StoredVital vital)
    {
        if (!double.IsFinite(vital.Value))
        {
            throw new ArgumentException($"Vital {vital.Id} has no finite value.", nameof(vital));
        }

        var ucum = VitalSignCatalog.Get(vital.Sign).Unit;
        return new Quantity
        {
            Value = (decimal)vital.Value,
            Unit = UnitDisplay(vital.Sign, ucum),
            System = Ucum,
            Code = ucum,
        };
    }

    private static string UnitDisplay(VitalSign sign, string ucum) => (sign, ucum) switch
    {
        (VitalSign.HeartRate or VitalSign.PulseRate, _) => "beats/minute",
        (VitalSign.RespirationRate, _) => "breaths/minute",
        (_, "mm[Hg]") => "mmHg",
        (_, "Cel") => "°C",
        _ => ucum,
    };

    /// <summary>Whose an Observation is, in which encounter, and whether it may still change.</summary>
    internal sealed record ObservationFrame(ResourceReference Subject, ResourceReference? Encounter, ObservationStatus Status);

    [GeneratedRegex(@"^[A-Za-z0-9.-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FhirId();
}
