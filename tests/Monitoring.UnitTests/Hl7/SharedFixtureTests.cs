using Monitoring.Hl7;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Hl7;

/// <summary>The Open eHealth IPF PCD-01 messages (../shared/fixtures/hl7), read value by value.</summary>
public sealed class SharedFixtureTests
{
    private static readonly string[] KnownFiles =
    [
        "ipf-continua-oximeter.hl7", "ipf-continua-thermometer.hl7", "ipf-pcd01-ack.hl7",
        "ipf-pcd01-icu-gateway.hl7", "ipf-pcd01-maximal.hl7", "ipf-pcd01-nibp.hl7",
    ];

    private static readonly DateTimeOffset ContinuaTime = new(2009, 7, 15, 7, 7, 7, TimeSpan.Zero);

    [Fact]
    public void Shared_fixtures_are_present_when_running_in_CI()
    {
        if (Hl7Fixtures.SharedFolder is null)
        {
            var ci = Environment.GetEnvironmentVariable("CI");
            Assert.False(string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase), Hl7Fixtures.MissingSharedReason);
            return;
        }

        Assert.Subset(Hl7Fixtures.SharedFileNames.ToHashSet(), KnownFiles.ToHashSet());
    }

    [SharedFixtureTheory("hl7")]
    [MemberData(nameof(Hl7Fixtures.SharedFiles), MemberType = typeof(Hl7Fixtures))]
    public void Every_shared_fixture_parses_with_CR_LF_or_CRLF_segment_ends(string name)
    {
        var text = Hl7Fixtures.ReadShared(name);
        var asReceived = Hl7Fixtures.Parse(text);
        var lf = text.ReplaceLineEndings("\n");

        foreach (var variant in new[] { lf.Replace('\n', '\r'), lf.Replace("\n", "\r\n", StringComparison.Ordinal), lf })
        {
            var message = Hl7Fixtures.Parse(variant);
            Assert.Equal(asReceived.AllSegments.Select(s => s.Id), message.AllSegments.Select(s => s.Id));
            Assert.Equal("2.6", message.Version);
        }

        if (asReceived.MessageCode == "ORU")
        {
            var result = Hl7Fixtures.Read(asReceived);
            Assert.True(result.IsUsable, result.ErrorText);
            Assert.Equal(asReceived.Segments("OBX").Count(), result.Readings.Count + result.Skipped.Total);
        }
    }

    [SharedFixtureFact("hl7")]
    public void The_oximeter_gives_SpO2_80_5_percent_and_skips_its_device_OBX_and_pleth_waveform()
    {
        var result = Hl7Fixtures.Read(Hl7Fixtures.ReadShared("ipf-continua-oximeter.hl7"));

        Assert.Equal("0123456789ABCDEF", result.DeviceId);
        Assert.Equal("789567", result.PatientIdentifier);
        Assert.Equal([new Reading(VitalSign.SpO2, 80.5, ContinuaTime)], result.Readings);
        Assert.Equal(SkippedObservations.None with { Containment = 1, Waveforms = 1 }, result.Skipped);
    }

    [SharedFixtureFact("hl7")]
    public void The_thermometer_gives_98_6_degrees_Fahrenheit_as_37_0_Celsius()
    {
        var result = Hl7Fixtures.Read(Hl7Fixtures.ReadShared("ipf-continua-thermometer.hl7"));

        Assert.Equal("0123456789ABCDEF", result.DeviceId);
        Assert.Equal([new Reading(VitalSign.Temperature, 37.0, ContinuaTime)], result.Readings);
        Assert.Equal(SkippedObservations.None with { Containment = 1 }, result.Skipped);
    }

    [SharedFixtureFact("hl7")]
    public void The_ICU_gateway_gives_heart_rate_arterial_pressures_and_pulse_from_the_OBR_device_at_the_assumed_offset()
    {
        var message = Hl7Fixtures.Parse(Hl7Fixtures.ReadShared("ipf-pcd01-icu-gateway.hl7"));
        var result = Hl7Fixtures.Read(message);

        Assert.Equal("12d15a9:11df9e61347:-7fee:30456965", message.ControlId);
        Assert.Equal("HL7^080019FFFF4F6AC0^EUI-64", message.SendingApplication);
        Assert.Equal("MMS", message.SendingFacility);
        Assert.Equal("080019FFFF4F6AC0", result.DeviceId);
        Assert.Equal("AB60001", result.PatientIdentifier);
        var at = new DateTimeOffset(2008, 12, 11, 14, 45, 0, Hl7Fixtures.AssumedOffset);
        Assert.Equal(
            [
                new Reading(VitalSign.HeartRate, 60, at),
                new Reading(VitalSign.MeanArterialPressure, 92, at),
                new Reading(VitalSign.SystolicPressure, 120, at),
                new Reading(VitalSign.DiastolicPressure, 80, at),
                new Reading(VitalSign.PulseRate, 60, at),
            ],
            result.Readings);
        // The PVC count and the three pulmonary artery pressures are not vital signs we monitor.
        Assert.Equal(SkippedObservations.None with { UnknownCodes = 4 }, result.Skipped);
    }

    [SharedFixtureFact("hl7")]
    public void The_NIBP_message_gives_120_over_80_mean_100_at_the_OBR_time()
    {
        var result = Hl7Fixtures.Read(Hl7Fixtures.ReadShared("ipf-pcd01-nibp.hl7"));

        var at = new DateTimeOffset(2009, 8, 13, 9, 57, 15, TimeSpan.FromHours(5));
        Assert.Equal("0123456789ABCDEF", result.DeviceId);
        Assert.Equal(
            [
                new Reading(VitalSign.SystolicPressure, 120, at),
                new Reading(VitalSign.DiastolicPressure, 80, at),
                new Reading(VitalSign.MeanArterialPressure, 100, at),
            ],
            result.Readings);
        // The device OBX and the NIBP group OBX have neither type nor value: containment, not measurements.
        Assert.Equal(SkippedObservations.None with { Containment = 2 }, result.Skipped);
    }

    [SharedFixtureFact("hl7")]
    public void The_maximal_message_keeps_the_corrected_and_final_values_and_skips_deleted_cancelled_and_odd_codes()
    {
        var result = Hl7Fixtures.Read(Hl7Fixtures.ReadShared("ipf-pcd01-maximal.hl7"));

        var offset = TimeSpan.FromHours(5);
        Assert.Equal("0123456789ABCDEF", result.DeviceId);
        Assert.False(result.NamesOtherDevices);
        Assert.Equal("111222333444", result.PatientIdentifier);
        Assert.Equal(10, result.ObservationCount);
        Assert.Equal(
            [
                new Reading(VitalSign.SystolicPressure, 140, new DateTimeOffset(2009, 8, 13, 9, 57, 25, offset)),
                new Reading(VitalSign.MeanArterialPressure, 100, new DateTimeOffset(2009, 8, 13, 9, 57, 15, offset)),
            ],
            result.Readings);
        // D (the diastolic) and X (the second group's mean) are excluded; 528391 (with a value) and the two 1500212
        // are not MDC vital-sign codes even where their mnemonic is; the second group's device and the compound OBX of
        // each group have neither type nor value (containment).
        Assert.Equal(SkippedObservations.None with { ExcludedStatus = 2, UnknownCodes = 3, Containment = 3 }, result.Skipped);
    }

    [SharedFixtureFact("hl7")]
    public void The_example_ACK_parses_as_an_AA_of_MSGID1234()
    {
        var message = Hl7Fixtures.Parse(Hl7Fixtures.ReadShared("ipf-pcd01-ack.hl7"));

        Assert.Equal("ACK^R01", message.MessageType);
        Assert.Equal("AMSGID1234", message.ControlId);
        Assert.Equal("AA", message.Field("MSA", 1));
        Assert.Equal("MSGID1234", message.Field("MSA", 2));
        Assert.Equal(OruR01ErrorKind.WrongMessageType, OruR01Reader.Read(message, AssumedTimeZone.Utc, Hl7Fixtures.Now).Error);
    }
}
