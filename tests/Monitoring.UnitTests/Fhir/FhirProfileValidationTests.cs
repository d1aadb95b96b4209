using Hl7.Fhir.Model;
using Monitoring.Fhir;
using Monitoring.Vitals;
using Xunit.Abstractions;

namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// What the writer emits validates, with no error, against the R4 vital-signs profiles, checked by the
/// Firely validator over the core specification shipped in the SDK packages.
/// </summary>
[Collection(FhirValidationCollection.Name)]
public sealed class FhirProfileValidationTests(FhirValidatorFixture validator, ITestOutputHelper output)
{
    private static readonly DateTimeOffset At = new(2024, 5, 1, 10, 30, 0, TimeSpan.FromHours(2));

    public static TheoryData<VitalSign, double> Vitals() => new()
    {
        { VitalSign.HeartRate, 72 },
        { VitalSign.PulseRate, 71 },
        { VitalSign.RespirationRate, 16 },
        { VitalSign.SpO2, 97 },
        { VitalSign.Temperature, 37.2 },
        { VitalSign.SystolicPressure, 120 },
        { VitalSign.DiastolicPressure, 80 },
        { VitalSign.MeanArterialPressure, 93.3 },
    };

    [Theory]
    [MemberData(nameof(Vitals))]
    public void A_single_vital_conforms_to_vitalsigns_and_its_own_profile(VitalSign sign, double value)
    {
        var observation = FhirObservationWriter.ToObservation("p-1", new StoredVital("v-1", sign, value, At));

        validator.AssertValid(observation, output, Profiles(sign));
    }

    [Fact]
    public void A_paired_blood_pressure_conforms_to_the_bp_profile()
    {
        var observations = FhirObservationWriter.ToObservations("p-1",
        [
            new StoredVital("s-1", VitalSign.SystolicPressure, 131, At),
            new StoredVital("d-1", VitalSign.DiastolicPressure, 79, At),
        ]);

        validator.AssertValid(Assert.Single(observations), output, FhirVitalCodes.VitalSignsProfile, FhirVitalCodes.BloodPressureProfile);
    }

    [Fact]
    public void A_search_set_bundle_and_each_of_its_entries_conform()
    {
        var vitals = Vitals().Select((row, i) => new StoredVital($"v-{i}", (VitalSign)row[0]!, (double)row[1]!, At.AddMinutes(i % 3))).ToList();

        var bundle = FhirObservationWriter.SearchSet("p-1", vitals, new Uri("https://monitoring.example/fhir"));

        validator.AssertValid(bundle, output, "http://hl7.org/fhir/StructureDefinition/Bundle");
        Assert.Equal(bundle.Total, bundle.Entry.Count);
        foreach (var entry in bundle.Entry)
        {
            var observation = Assert.IsType<Observation>(entry.Resource);
            validator.AssertValid(observation, output, ProfilesOf(observation));
        }
    }

    [Fact]
    public void The_validator_does_catch_an_observation_that_breaks_the_profile()
    {
        var observation = FhirObservationWriter.ToObservation("p-1", new StoredVital("v-1", VitalSign.HeartRate, 72, At));
        observation.Category.Clear();
        ((Quantity)observation.Value!).Code = "/s";

        var outcome = validator.Validate(observation, "http://hl7.org/fhir/StructureDefinition/heartrate");

        foreach (var issue in outcome.Issue)
        {
            output.WriteLine(FhirValidatorFixture.Describe(issue));
        }

        Assert.False(outcome.Success);
        Assert.Contains(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error);
    }

    [Fact]
    public void A_panel_missing_a_component_altogether_would_not_conform_so_the_writer_marks_it_absent()
    {
        var panel = FhirObservationWriter.ToObservation("p-1", new StoredVital("s-1", VitalSign.SystolicPressure, 120, At));
        validator.AssertValid(panel, output, FhirVitalCodes.BloodPressureProfile);

        panel.Component.RemoveAt(1);
        var outcome = validator.Validate(panel, FhirVitalCodes.BloodPressureProfile);

        Assert.False(outcome.Success, "The bp profile should demand the diastolic component.");
    }

    [Fact]
    public void The_specification_comes_from_the_sdk_package_not_the_network()
    {
        output.WriteLine($"{validator.SpecificationZip} (validator built in {validator.SetupTime.TotalSeconds:0.0} s)");

        Assert.EndsWith("specification.zip", validator.SpecificationZip, StringComparison.Ordinal);
        Assert.True(File.Exists(validator.SpecificationZip));
    }

    /// <summary>The profiles an Observation must meet, from its code (not from what it claims), checked against its claims.</summary>
    internal static string[] ProfilesOf(Observation observation)
    {
        var code = observation.Code!.Coding[0].Code;
        var profiles = code == FhirVitalCodes.BloodPressurePanel
            ? [FhirVitalCodes.VitalSignsProfile, FhirVitalCodes.BloodPressureProfile]
            : Profiles(FhirVitalCodes.TryGetSign(code, out var sign) ? sign : throw new InvalidOperationException($"No sign for {code}."));
        Assert.Equal(profiles, observation.Meta!.Profile);
        return profiles;
    }

    internal static string[] Profiles(VitalSign sign) =>
        FhirVitalCodes.ProfileFor(sign) is { } own ? [FhirVitalCodes.VitalSignsProfile, own] : [FhirVitalCodes.VitalSignsProfile];
}
