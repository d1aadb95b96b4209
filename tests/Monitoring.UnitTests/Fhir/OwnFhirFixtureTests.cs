using Monitoring.Vitals;
using static Monitoring.UnitTests.Fhir.FhirSamples;

namespace Monitoring.UnitTests.Fhir;

/// <summary>The project's own Observations (Fixtures/fhir), value by value.</summary>
public sealed class OwnFhirFixtureTests
{
    internal static readonly Dictionary<string, OwnExpectation> Expected = new(StringComparer.Ordinal)
    {
        ["heart-rate.json"] = new("p-1001", null, At(2024, 5, 1, 10, 30, 0, 2), [new(VitalSign.HeartRate, 72)]),
        ["blood-pressure-panel.json"] = new("p-1001", null, At(2024, 5, 1, 10, 31, 0, 2),
            [new(VitalSign.SystolicPressure, 128), new(VitalSign.DiastolicPressure, 84)]),
        ["blood-pressure-kpa.json"] = new("p-1002", null, At(2024, 5, 1, 11, 0, 0, 0),
            [new(VitalSign.SystolicPressure, 120.0), new(VitalSign.DiastolicPressure, 80.3)]),
        ["spo2-pulse-oximetry.json"] = new("p-1001", null, At(2024, 5, 1, 8, 30, 5, 0).AddMilliseconds(250), [new(VitalSign.SpO2, 97)]),
        ["respiratory-rate.json"] = new("p-1001", null, At(2024, 5, 1, 10, 32, 15, -5), [new(VitalSign.RespirationRate, 18)]),
        ["body-temperature-degf.json"] = new("p-1003", null, At(2024, 5, 1, 6, 15, 0, 1), [new(VitalSign.Temperature, 38.5)]),
        ["pulse-rate-device-subject.json"] = new(null, "monitor-7.bed-12", At(2024, 5, 1, 10, 33, 0, 0), [new(VitalSign.PulseRate, 88)]),
        ["mean-pressure-effective-period.json"] = new("p-1001", "monitor-7", At(2024, 5, 1, 10, 34, 0, 2),
            [new(VitalSign.MeanArterialPressure, 93.5)]),
    };

    public static TheoryData<string> Files() => FhirFixtureFiles.Own();

    [Fact]
    public void Every_expected_fixture_is_in_the_output() =>
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), Files().Cast<object?[]>().Select(row => (string)row[0]!));

    [Theory]
    [MemberData(nameof(Files))]
    public void An_own_fixture_reads_into_its_expected_readings(string file)
    {
        Assert.True(Expected.TryGetValue(file, out var expected), $"Add the expected readings of {file} to {nameof(Expected)}.");

        var result = FhirSamplesRead(file);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(expected.PatientId, result.Input.PatientId);
        Assert.Equal(expected.DeviceId, result.Input.DeviceId);
        Assert.Equal(expected.Readings.Select(r => new Reading(r.Sign, r.Value, expected.At)), result.Input.Readings);
        Assert.All(result.Input.Readings, r => Assert.Equal(expected.At.Offset, r.At.Offset));
    }

    private static Monitoring.Fhir.FhirReadResult FhirSamplesRead(string file) => Read(FhirFixtureFiles.ReadOwn(file));

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second, int offsetHours) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(offsetHours));
}

/// <summary>Whose readings an own fixture gives, when, and which.</summary>
internal sealed record OwnExpectation(string? PatientId, string? DeviceId, DateTimeOffset At, IReadOnlyList<ExpectedReading> Readings);
