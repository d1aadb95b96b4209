using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Monitoring.Alarms;
using Monitoring.Fhir;
using Monitoring.Tests.Shared.Fhir;
using Monitoring.Vitals;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// A short stay as a FHIR collection Bundle: a few minutes of HR, SpO2, BP, RR and temperature, one alarm raised,
/// acknowledged and resolved and one still open. What is streamed, read back as FHIR, validates with zero errors
/// against Bundle and each entry against its profiles.
/// </summary>
[Collection(FhirValidationCollection.Name)]
public sealed class FhirStayBundleTests(FhirValidatorFixture validator, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Admitted = new(2026, 12, 6, 10, 0, 12, TimeSpan.Zero);
    private static readonly DateTimeOffset Minute0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static readonly StayRecord OpenStay = new("0b6f1e0c-5d0e-4c53-9a4f-3f0e2a9d7c11", "p-001", "icu-3w", "12", Admitted, null);

    private static readonly StayAlarm Tachycardia = new(
        "p-001:a1", "hr-high", AlarmKind.Physiological, AlarmPriority.Medium, "hr", 142, Minute0.AddMinutes(1).AddSeconds(20),
        "nurse-ann", Minute0.AddMinutes(1).AddSeconds(40), null, Minute0.AddMinutes(2).AddSeconds(30));

    private static readonly StayAlarm Desaturation = new(
        "p-001:a2", "spo2-desat", AlarmKind.Physiological, AlarmPriority.High, null, 78, Minute0.AddMinutes(2).AddSeconds(5),
        null, null, Minute0.AddMinutes(2).AddSeconds(35), null);

    private static IEnumerable<StayMinute> Minutes()
    {
        for (var m = 0; m < 3; m++)
        {
            var minute = Minute0.AddMinutes(m);
            yield return new StayMinute(VitalSign.HeartRate, minute, 80 + (m * 30), 75 + (m * 30), 90 + (m * 30), 48);
            yield return new StayMinute(VitalSign.SpO2, minute, 97 - (m * 8), 95 - (m * 8), 99 - (m * 8), 48);
            yield return new StayMinute(VitalSign.RespirationRate, minute, 16, 15, 17, 12);
            yield return new StayMinute(VitalSign.SystolicPressure, minute, 121.5, 120, 123, 2);
            yield return new StayMinute(VitalSign.DiastolicPressure, minute, 79, 78, 80, 2);
            yield return new StayMinute(VitalSign.Temperature, minute, 37.2, 37.2, 37.2, 1);
        }
    }

    [Fact]
    public async Task The_bundle_of_a_short_stay_validates_with_zero_errors_against_bundle_and_each_entrys_profiles()
    {
        var bundle = await StreamedAsync(OpenStay, [Tachycardia, Desaturation], completeUntil: Minute0.AddMinutes(2).AddSeconds(40));

        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.NotNull(bundle.Timestamp);
        AssertValid(bundle);
        // Patient, Encounter, five Observations a minute (BP as one panel) for three minutes, two alarms.
        Assert.Equal(2 + (3 * 5) + 2, bundle.Entry.Count);
        Assert.Equal(3, bundle.Entry.Select(e => e.Resource).OfType<Observation>().Count(o => o.Code.Coding[0].Code == FhirVitalCodes.BloodPressurePanel));
    }

    [Fact]
    public async Task Every_reference_resolves_inside_the_bundle_and_every_entry_names_the_patient()
    {
        var bundle = await StreamedAsync(OpenStay, [Tachycardia, Desaturation], Minute0.AddMinutes(3));
        var urls = bundle.Entry.Select(e => e.FullUrl).ToHashSet(StringComparer.Ordinal);
        var patientUrl = Assert.Single(bundle.Entry, e => e.Resource is Patient).FullUrl;
        var encounterUrl = Assert.Single(bundle.Entry, e => e.Resource is Encounter).FullUrl;

        Assert.Equal(bundle.Entry.Count, urls.Count);
        Assert.All(bundle.Entry, e => Assert.Equal("urn:uuid:" + e.Resource!.Id, e.FullUrl));
        foreach (var observation in bundle.Entry.Select(e => e.Resource).OfType<Observation>())
        {
            Assert.Equal(patientUrl, observation.Subject!.Reference);
            Assert.Equal(encounterUrl, observation.Encounter!.Reference);
            var period = Assert.IsType<Period>(observation.Effective);
            Assert.Equal(TimeSpan.FromMinutes(1), At(period.EndElement) - At(period.StartElement));
        }

        foreach (var issue in bundle.Entry.Select(e => e.Resource).OfType<DetectedIssue>())
        {
            Assert.Equal(patientUrl, issue.Patient!.Reference);
            Assert.All(issue.Evidence.SelectMany(e => e.Detail), d => Assert.Contains(d.Reference, urls));
        }

        var encounter = (Encounter)bundle.Entry[1].Resource!;
        Assert.Equal(patientUrl, encounter.Subject!.Reference);
        // Nothing but the opaque id names the patient.
        var patient = (Patient)bundle.Entry[0].Resource!;
        Assert.Equal("p-001", Assert.Single(patient.Identifier).Value);
        Assert.Empty(patient.Name);
        Assert.Null(patient.BirthDate);
    }

    [Fact]
    public async Task An_acknowledged_and_resolved_alarm_maps_priority_to_severity_and_its_acknowledgement_to_a_mitigation()
    {
        var bundle = await StreamedAsync(OpenStay, [Tachycardia, Desaturation], Minute0.AddMinutes(3));
        var issues = bundle.Entry.Select(e => e.Resource).OfType<DetectedIssue>().ToList();
        var tachycardia = Assert.Single(issues, i => i.Code!.Coding[0].Code == "hr-high");
        var desaturation = Assert.Single(issues, i => i.Code!.Coding[0].Code == "spo2-desat");

        Assert.Equal(DetectedIssue.DetectedIssueSeverity.Moderate, tachycardia.Severity);
        Assert.Equal(ObservationStatus.Final, tachycardia.Status);
        var identified = Assert.IsType<Period>(tachycardia.Identified);
        Assert.Equal((Tachycardia.RaisedAt, Tachycardia.ResolvedAt), (At(identified.StartElement), (DateTimeOffset?)At(identified.EndElement)));
        var acknowledged = Assert.Single(tachycardia.Mitigation);
        Assert.Equal("acknowledged", acknowledged.Action.Coding[0].Code);
        Assert.Equal(Tachycardia.AcknowledgedAt, At(acknowledged.DateElement));
        Assert.Equal("nurse-ann", acknowledged.Author!.Identifier!.Value);
        // Its evidence is the heart rate of the minute it was raised in.
        var evidence = bundle.Entry.Single(e => e.FullUrl == Assert.Single(Assert.Single(tachycardia.Evidence).Detail).Reference).Resource as Observation;
        Assert.Equal("8867-4", evidence!.Code.Coding[0].Code);
        Assert.Equal(Minute0.AddMinutes(1), At(((Period)evidence.Effective!).StartElement));

        Assert.Equal(DetectedIssue.DetectedIssueSeverity.High, desaturation.Severity);
        Assert.Equal(ObservationStatus.Preliminary, desaturation.Status);
        Assert.Null(((Period)desaturation.Identified!).End);
        Assert.Equal("escalated", Assert.Single(desaturation.Mitigation).Action.Coding[0].Code);
        Assert.Equal("2708-6", Assert.Single(desaturation.Evidence).Code[0].Coding[0].Code);
    }

    [Fact]
    public async Task An_open_stays_last_minute_not_yet_wholly_rolled_up_is_preliminary_and_the_encounter_in_progress()
    {
        var bundle = await StreamedAsync(OpenStay, [], completeUntil: Minute0.AddMinutes(2).AddSeconds(40));
        var observations = bundle.Entry.Select(e => e.Resource).OfType<Observation>().ToList();

        Assert.Equal(Encounter.EncounterStatus.InProgress, bundle.Entry.Select(e => e.Resource).OfType<Encounter>().Single().Status);
        Assert.All(observations, o => Assert.Equal(
            At(((Period)o.Effective!).StartElement) < Minute0.AddMinutes(2) ? ObservationStatus.Final : ObservationStatus.Preliminary,
            o.Status));
        Assert.Equal(5, observations.Count(o => o.Status == ObservationStatus.Preliminary));
    }

    [Fact]
    public async Task A_discharged_stay_is_a_finished_encounter_and_is_exported_the_same_twice()
    {
        var stay = OpenStay with { DischargedAt = Minute0.AddMinutes(3).AddSeconds(5) };

        var first = await StreamedAsync(stay, [Tachycardia], Minute0.AddMinutes(4));
        var second = await StreamedAsync(stay, [Tachycardia], Minute0.AddMinutes(4));

        AssertValid(first);
        var encounter = first.Entry.Select(e => e.Resource).OfType<Encounter>().Single();
        Assert.Equal(Encounter.EncounterStatus.Finished, encounter.Status);
        Assert.Equal(stay.DischargedAt, At(encounter.Period!.EndElement));
        Assert.Equal(first.Entry.Select(e => e.FullUrl), second.Entry.Select(e => e.FullUrl));
    }

    [Fact]
    public async Task The_validator_does_check_the_bundles_own_rules()
    {
        var bundle = await StreamedAsync(OpenStay, [Tachycardia], Minute0.AddMinutes(3));
        bundle.Entry[3].FullUrl = bundle.Entry[2].FullUrl; // bdl-7: fullUrl must be unique

        var outcome = validator.Validate(bundle, "http://hl7.org/fhir/StructureDefinition/Bundle");

        foreach (var issue in outcome.Issue)
        {
            output.WriteLine(FhirValidatorFixture.Describe(issue));
        }

        Assert.False(outcome.Success);
    }

    [Fact]
    public async Task The_streamed_json_is_the_bundle_built_in_memory()
    {
        var built = await FhirStayBundle.BuildAsync(OpenStay, Minutes().ToAsyncEnumerable(), [Tachycardia], Minute0, Minute0.AddMinutes(3));
        var streamed = await StreamedAsync(OpenStay, [Tachycardia], Minute0.AddMinutes(3));

        Assert.True(built.IsExactly(streamed), "the streamed bundle differs from the one built in memory");
    }

    private static DateTimeOffset At(FhirDateTime? time) => Assert.IsType<FhirDateTime>(time).ToDateTimeOffset(TimeSpan.Zero);

    private static async Task<Bundle> StreamedAsync(StayRecord stay, IReadOnlyList<StayAlarm> alarms, DateTimeOffset completeUntil)
    {
        using var stream = new MemoryStream();
        var written = await FhirStayBundle.WriteAsync(stream, stay, Minutes().ToAsyncEnumerable(), alarms, Minute0, completeUntil);
        var json = Encoding.UTF8.GetString(stream.ToArray());
        var bundle = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict)).Deserialize<Bundle>(json);
        Assert.Equal(written, bundle.Entry.Count);
        return bundle;
    }

    private void AssertValid(Bundle bundle)
    {
        validator.AssertValid(bundle, output, "http://hl7.org/fhir/StructureDefinition/Bundle");
        foreach (var resource in bundle.Entry.Select(e => e.Resource!))
        {
            validator.AssertValid(resource, output, OfflineFhirValidator.ProfilesOf(resource));
        }
    }
}
