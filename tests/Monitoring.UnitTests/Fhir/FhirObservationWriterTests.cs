using Hl7.Fhir.Model;
using Monitoring.Fhir;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Fhir;

public sealed class FhirObservationWriterTests
{
    private static readonly DateTimeOffset At = new(2024, 5, 1, 10, 30, 0, TimeSpan.FromHours(2));

    [Fact]
    public void A_heart_rate_is_written_with_everything_the_profile_asks_for()
    {
        var observation = FhirObservationWriter.ToObservation("p-1", new StoredVital("v-1", VitalSign.HeartRate, 72, At));

        Assert.Equal("v-1", observation.Id);
        Assert.Equal(ObservationStatus.Final, observation.Status);
        var category = Assert.Single(Assert.Single(observation.Category).Coding);
        Assert.Equal((FhirVitalCodes.ObservationCategory, "vital-signs"), (category.System, category.Code));
        var code = Assert.Single(observation.Code!.Coding);
        Assert.Equal((FhirVitalCodes.Loinc, "8867-4", "Heart rate"), (code.System, code.Code, code.Display));
        Assert.Equal("Patient/p-1", observation.Subject!.Reference);
        Assert.Equal(At, ((FhirDateTime)observation.Effective!).ToDateTimeOffset(TimeSpan.Zero));
        var quantity = Assert.IsType<Quantity>(observation.Value);
        Assert.Equal((72m, FhirVitalCodes.Ucum, "/min"), (quantity.Value, quantity.System, quantity.Code));
        Assert.Contains("http://hl7.org/fhir/StructureDefinition/heartrate", observation.Meta!.Profile);
    }

    [Fact]
    public void A_systolic_and_a_diastolic_of_the_same_instant_become_one_panel()
    {
        var vitals = new[]
        {
            new StoredVital("s-1", VitalSign.SystolicPressure, 120, At),
            new StoredVital("hr-1", VitalSign.HeartRate, 70, At),
            new StoredVital("d-1", VitalSign.DiastolicPressure, 80, At.ToUniversalTime()),
        };

        var observations = FhirObservationWriter.ToObservations("p-1", vitals);

        Assert.Equal(["s-1", "hr-1"], observations.Select(o => o.Id));
        var panel = observations[0];
        Assert.Equal("85354-9", Assert.Single(panel.Code!.Coding).Code);
        Assert.Null(panel.Value);
        Assert.Equal([("8480-6", 120m), ("8462-4", 80m)],
            panel.Component.Select(c => (c.Code!.Coding[0].Code, ((Quantity)c.Value!).Value!.Value)));
    }

    [Fact]
    public void A_systolic_without_its_diastolic_is_a_panel_whose_diastolic_is_absent()
    {
        var panel = FhirObservationWriter.ToObservation("p-1", new StoredVital("s-1", VitalSign.SystolicPressure, 120, At));

        Assert.Equal(2, panel.Component.Count);
        Assert.Equal(120m, ((Quantity)panel.Component[0].Value!).Value);
        Assert.Null(panel.Component[1].Value);
        Assert.Equal("unknown", panel.Component[1].DataAbsentReason!.Coding[0].Code);
    }

    [Fact]
    public void Readings_at_different_instants_are_not_paired()
    {
        var vitals = new[]
        {
            new StoredVital("s-1", VitalSign.SystolicPressure, 120, At),
            new StoredVital("d-1", VitalSign.DiastolicPressure, 80, At.AddSeconds(1)),
        };

        Assert.Equal(["s-1", "d-1"], FhirObservationWriter.ToObservations("p-1", vitals).Select(o => o.Id));
    }

    [Fact]
    public void Spo2_carries_the_arterial_code_the_profile_demands_and_the_pulse_oximetry_code()
    {
        var observation = FhirObservationWriter.ToObservation("p-1", new StoredVital("o-1", VitalSign.SpO2, 97, At));

        Assert.Equal(["2708-6", "59408-5"], observation.Code!.Coding.Select(c => c.Code));
    }

    [Fact]
    public void Consciousness_and_the_oxygen_flag_are_left_out_of_a_search_and_refused_alone()
    {
        var vitals = new[]
        {
            new StoredVital("c-1", VitalSign.Consciousness, 1, At),
            new StoredVital("x-1", VitalSign.SupplementalOxygen, 0, At),
            new StoredVital("t-1", VitalSign.Temperature, 37.2, At),
        };

        var bundle = FhirObservationWriter.SearchSet("p-1", vitals, new Uri("https://host/fhir"));

        Assert.Equal(1, bundle.Total);
        Assert.Throws<ArgumentException>(() => FhirObservationWriter.ToObservation("p-1", vitals[0]));
    }

    [Fact]
    public void A_search_set_counts_its_observations_and_gives_each_a_full_url_and_search_mode_match()
    {
        var vitals = new[]
        {
            new StoredVital("s-1", VitalSign.SystolicPressure, 120, At),
            new StoredVital("d-1", VitalSign.DiastolicPressure, 80, At),
            new StoredVital("r-1", VitalSign.RespirationRate, 16, At),
        };

        var bundle = FhirObservationWriter.SearchSet("p-1", vitals, new Uri("https://host/fhir/"));

        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        Assert.Equal(2, bundle.Total);
        Assert.Equal(["https://host/fhir/Observation/s-1", "https://host/fhir/Observation/r-1"], bundle.Entry.Select(e => e.FullUrl));
        Assert.All(bundle.Entry, e => Assert.Equal(Bundle.SearchEntryMode.Match, e.Search!.Mode));
    }

    [Theory]
    [InlineData("has_underscore")]
    [InlineData("has:colon")]
    [InlineData("")]
    [InlineData("an-id-that-is-far-too-long-to-be-a-fhir-id-because-it-has-more-than-64-chars")]
    public void A_stored_id_that_is_no_fhir_id_is_refused(string id) =>
        Assert.Throws<ArgumentException>(() => FhirObservationWriter.ToObservation("p-1", new StoredVital(id, VitalSign.HeartRate, 72, At)));

    [Fact]
    public void A_relative_base_url_is_refused() =>
        Assert.Throws<ArgumentException>(() => FhirObservationWriter.SearchSet("p-1", [], new Uri("fhir", UriKind.Relative)));
}
