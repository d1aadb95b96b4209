using Monitoring.Hl7;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Hl7;

/// <summary>The project's own HL7 messages (Fixtures/hl7), read value by value.</summary>
public sealed class OwnFixtureTests
{
    [Theory]
    [MemberData(nameof(Hl7Fixtures.OwnFiles), MemberType = typeof(Hl7Fixtures))]
    public void Every_own_fixture_parses_and_has_the_segment_ends_its_name_says(string name)
    {
        var text = Hl7Fixtures.ReadOwn(name);

        var message = Hl7Fixtures.Parse(text);

        Assert.Equal("MSH", message.AllSegments[0].Id);
        Assert.True(message.AllSegments.Count > 1);
        var lineEnd = Path.GetFileNameWithoutExtension(name).Split('-')[^1];
        var (cr, lf, crlf) = (text.Contains('\r', StringComparison.Ordinal), text.Contains('\n', StringComparison.Ordinal), text.Contains("\r\n", StringComparison.Ordinal));
        Assert.Equal(lineEnd switch { "crlf" => (true, true, true), "cr" => (true, false, false), _ => (false, true, false) }, (cr, lf, crlf));
    }

    [Fact]
    public void The_bedside_monitor_gives_ten_readings_in_catalog_units()
    {
        var result = Hl7Fixtures.Read(Hl7Fixtures.ReadOwn("bedside-monitor-crlf.hl7"));

        var offset = TimeSpan.FromHours(1);
        DateTimeOffset At(int minute, int second) => new(2026, 11, 27, 9, minute, second, offset);
        Assert.True(result.IsUsable);
        Assert.Equal("0A1B2C3D4E5F6071", result.DeviceId);
        Assert.False(result.NamesOtherDevices);
        Assert.Equal("PAT-0042", result.PatientIdentifier);
        Assert.Equal(19, result.ObservationCount);
        Assert.Equal(
            [
                new Reading(VitalSign.HeartRate, 72, At(59, 30).AddMilliseconds(250)),
                new Reading(VitalSign.SpO2, 97, At(59, 31)),
                new Reading(VitalSign.PulseRate, 71, At(59, 31)),
                new Reading(VitalSign.RespirationRate, 16, At(59, 32)),
                new Reading(VitalSign.SystolicPressure, 118, At(58, 0)),
                new Reading(VitalSign.DiastolicPressure, 76, At(58, 0)),
                new Reading(VitalSign.MeanArterialPressure, 90, At(59, 0)),
                new Reading(VitalSign.SystolicPressure, 120.0, At(59, 33)),
                new Reading(VitalSign.Temperature, 37.2, At(59, 34)),
                new Reading(VitalSign.Temperature, 37.5, At(59, 34)),
            ],
            result.Readings);
        Assert.Equal(new SkippedObservations(ExcludedStatus: 1, Waveforms: 1, UnknownCodes: 1, NonNumeric: 2, UnknownUnits: 1, BadTimes: 1, SkinTemperature: 1, Containment: 1), result.Skipped);
        Assert.Equal(
            [(1, SkipReason.Containment), (5, SkipReason.ExcludedStatus), (6, SkipReason.Waveform), (8, SkipReason.UnknownCode), (15, SkipReason.UnknownUnit),
             (16, SkipReason.NonNumeric), (17, SkipReason.NonNumeric), (18, SkipReason.SkinTemperature), (19, SkipReason.BadTime)],
            result.SkippedAt.Select(s => (s.Position, s.Reason)));
    }

    [Fact]
    public void The_bedside_monitor_decodes_escapes_and_keeps_repetitions_apart()
    {
        var message = Hl7Fixtures.Parse(Hl7Fixtures.ReadOwn("bedside-monitor-crlf.hl7"));

        Assert.Equal("Ward 7\\T\\East", message.SendingFacility);
        Assert.Equal("Ward 7&East", message.Field("MSH", 4));
        Assert.Equal(@"Cuff re-sited & checked|ok ^ ~ \ OK \H\bold\N\", message.Field("NTE", 3));
        var pid = message.FirstSegment("PID")!;
        Assert.Equal(2, pid.RepetitionCount(3));
        Assert.Equal("NHS-999", pid.Component(3, 1, repetition: 2));
        Assert.Equal("NH", pid.Component(3, 5, repetition: 2));
        var device = message.Segments("OBX").First();
        Assert.Equal(["MDS-1", "CHAN-1"], Enumerable.Range(1, device.RepetitionCount(18)).Select(r => device.Component(18, 1, r)));
        Assert.Equal("97", message.Segments("OBX").ElementAt(2).Field(5));
        Assert.Equal("96", message.Segments("OBX").ElementAt(2).Field(5, repetition: 2));
    }

    [Fact]
    public void The_spot_check_monitor_takes_its_device_from_OBR_3_and_zoneless_times_at_the_assumed_offset()
    {
        var result = Hl7Fixtures.Read(Hl7Fixtures.ReadOwn("spot-check-monitor-lf.hl7"));

        DateTimeOffset At(int minute) => new(2026, 11, 27, 8, minute, 0, Hl7Fixtures.AssumedOffset);
        Assert.Equal("001BC50C00001234", result.DeviceId);
        Assert.Equal("PAT-0007", result.PatientIdentifier);
        Assert.Equal(
            [
                new Reading(VitalSign.SystolicPressure, 132, At(4)),
                new Reading(VitalSign.DiastolicPressure, 84, At(4)),
                new Reading(VitalSign.MeanArterialPressure, 100, At(4)),
                new Reading(VitalSign.PulseRate, 88, At(4)),
                new Reading(VitalSign.SpO2, 94, At(2)),
                new Reading(VitalSign.Temperature, 37.0, At(3)),
            ],
            result.Readings);
        Assert.Equal(SkippedObservations.None with { ExcludedStatus = 2 }, result.Skipped);
    }

    [Fact]
    public void A_gateway_with_its_own_delimiters_is_read_with_them()
    {
        var message = Hl7Fixtures.Parse(Hl7Fixtures.ReadOwn("gateway-custom-delimiters-cr.hl7"));
        var result = Hl7Fixtures.Read(message);

        Assert.Equal(new Hl7Delimiters('#', '$', '*', '!', '%'), message.Delimiters);
        Assert.Equal("#", message.Header.Field(1));
        Assert.Equal("$*!%", message.Header.Field(2));
        Assert.Equal("ORU^R01", message.MessageType);
        Assert.Equal("GW-1$2", message.ControlId);
        Assert.Equal("ICU#2", message.Field("MSH", 4));
        Assert.Equal("%", message.Component("OBX", 6, 1));
        Assert.Equal("0011223344556677", result.DeviceId);
        var offset = TimeSpan.FromHours(-5);
        Assert.Equal(
            [
                new Reading(VitalSign.SpO2, 99, new DateTimeOffset(2026, 11, 27, 11, 59, 0, offset)),
                new Reading(VitalSign.HeartRate, 58, new DateTimeOffset(2026, 11, 27, 11, 59, 30, offset)),
            ],
            result.Readings);
    }

    [Theory]
    [InlineData("adt-a01-lf.hl7", OruR01ErrorKind.WrongMessageType)]
    [InlineData("oru-without-obx-lf.hl7", OruR01ErrorKind.NoObservations)]
    [InlineData("oru-without-device-lf.hl7", OruR01ErrorKind.NoDevice)]
    public void A_message_that_cannot_be_used_says_why(string name, OruR01ErrorKind expected)
    {
        var result = Hl7Fixtures.Read(Hl7Fixtures.ReadOwn(name));

        Assert.False(result.IsUsable);
        Assert.Equal(expected, result.Error);
        Assert.NotEmpty(result.ErrorText);
        Assert.Empty(result.Readings);
        Assert.Null(result.DeviceId);
        Assert.Null(result.PatientIdentifier);
    }
}
