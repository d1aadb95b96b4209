using Hl7.Fhir.Model;
using Monitoring.Fhir;
using Xunit.Abstractions;

namespace Monitoring.UnitTests.Fhir;

/// <summary>Fixture → reader → writer → validator: what comes in goes out as conforming Observations with the same values.</summary>
[Collection(FhirValidationCollection.Name)]
public sealed class FhirRoundTripTests(FhirValidatorFixture validator, ITestOutputHelper output)
{
    public static TheoryData<string> SharedFiles() => FhirFixtureFiles.Shared();

    public static TheoryData<string> OwnFiles() => FhirFixtureFiles.Own();

    [SharedFixtureTheory("fhir")]
    [MemberData(nameof(SharedFiles))]
    public void A_shared_example_goes_back_out_as_conforming_observations(string file) =>
        RoundTrip(FhirFixtureFiles.ReadShared(file));

    [Theory]
    [MemberData(nameof(OwnFiles))]
    public void An_own_fixture_goes_back_out_as_conforming_observations(string file) =>
        RoundTrip(FhirFixtureFiles.ReadOwn(file));

    private void RoundTrip(string json)
    {
        var result = FhirObservationReader.Read(json, FhirSamples.Now.AddYears(1));
        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        var stored = result.Input.Readings
            .Select((r, i) => new StoredVital($"rt-{i}", r.Sign, r.Value, r.At))
            .ToList();

        var observations = FhirObservationWriter.ToObservations(result.Input.PatientId ?? "p-of-device", stored);

        Assert.NotEmpty(observations);
        foreach (var observation in observations)
        {
            validator.AssertValid(observation, output, FhirProfileValidationTests.ProfilesOf(observation));
        }

        var written = observations.SelectMany(Values).Order().ToList();
        Assert.Equal(stored.Select(s => (decimal)s.Value).Order(), written);
    }

    private static IEnumerable<decimal> Values(Observation observation) =>
        observation.Component.Count > 0
            ? observation.Component.Select(c => c.Value).OfType<Quantity>().Select(q => q.Value!.Value)
            : [((Quantity)observation.Value!).Value!.Value];
}
