using Monitoring.Vitals;
using static Monitoring.UnitTests.Fhir.FhirSamples;

namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// HL7's own R4 examples (../shared/fixtures/fhir), value by value. The heart-rate and blood-pressure
/// examples are dated to the day only ("1999-07-02"): the reader takes them at 00:00 UTC, with a warning.
/// </summary>
public sealed class SharedFhirFixtureTests
{
    /// <summary>What each example must give; a new file in the folder needs a line here.</summary>
    internal static readonly Dictionary<string, SharedExpectation> Expected = new(StringComparer.Ordinal)
    {
        ["observation-example-heart-rate.json"] = new("example", DateOnly: true,
            new DateTimeOffset(1999, 7, 2, 0, 0, 0, TimeSpan.Zero), [new(VitalSign.HeartRate, 44)]),
        ["observation-example-bloodpressure.json"] = new("example", DateOnly: true,
            new DateTimeOffset(2012, 9, 17, 0, 0, 0, TimeSpan.Zero), [new(VitalSign.SystolicPressure, 107), new(VitalSign.DiastolicPressure, 60)]),
        ["observation-example-satO2.json"] = new("example", DateOnly: false,
            new DateTimeOffset(2014, 12, 5, 9, 30, 10, TimeSpan.FromHours(1)), [new(VitalSign.SpO2, 95)]),
    };

    public static TheoryData<string> Files() => FhirFixtureFiles.Shared();

    [Fact]
    public void The_shared_fixtures_are_there_on_CI()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        Assert.False(onCi && FhirFixtureFiles.SharedFolder is null,
            $"CI=true but ../shared/fixtures/fhir was not found beside {Repository.Root}.");
    }

    [SharedFixtureTheory("fhir")]
    [MemberData(nameof(Files))]
    public void A_shared_example_reads_into_its_expected_readings(string file)
    {
        var expected = ExpectationFor(file);

        var result = Read(FhirFixtureFiles.ReadShared(file));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(expected.PatientId, result.Input.PatientId);
        Assert.Null(result.Input.DeviceId); // the SpO2 example's device is a DeviceMetric: a channel, not a monitor
        Assert.Equal(expected.Readings.Select(r => new Reading(r.Sign, r.Value, expected.At)), result.Input.Readings);
    }

    [SharedFixtureTheory("fhir")]
    [MemberData(nameof(Files))]
    public void A_shared_example_dated_to_the_day_only_is_taken_at_midnight_UTC_with_a_warning(string file)
    {
        var expected = ExpectationFor(file);

        var result = Read(FhirFixtureFiles.ReadShared(file));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        if (expected.DateOnly)
        {
            Assert.Equal("Observation.effectiveDateTime", Assert.Single(result.Warnings).Path);
            Assert.All(result.Input.Readings, r => Assert.Equal(TimeSpan.Zero, r.At.TimeOfDay));
        }
        else
        {
            Assert.Empty(result.Warnings);
        }
    }

    internal static SharedExpectation ExpectationFor(string file) =>
        Expected.TryGetValue(file, out var expected)
            ? expected
            : throw new Xunit.Sdk.XunitException($"{file} is new in ../shared/fixtures/fhir; add its expected readings to {nameof(SharedFhirFixtureTests)}.{nameof(Expected)}.");
}

/// <summary>The subject, time and readings a shared example must give.</summary>
internal sealed record SharedExpectation(string PatientId, bool DateOnly, DateTimeOffset At, IReadOnlyList<ExpectedReading> Readings);

/// <summary>One expected reading, in our units.</summary>
internal sealed record ExpectedReading(VitalSign Sign, double Value);
