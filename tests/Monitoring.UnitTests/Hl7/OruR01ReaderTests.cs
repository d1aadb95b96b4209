using Monitoring.Hl7;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Hl7;

public sealed class OruR01ReaderTests
{
    private const string Msh = @"MSH|^~\&|GW^AAAAAAAAAAAAAAAA^EUI-64|WARD|||20261127100000+0000||ORU^R01^ORU_R01|C1|P|2.6";
    private const string Obr = "OBR|1|||182777000^monitoring of patient^SNOMED-CT|||20261127095900+0000";
    private static readonly DateTimeOffset ObrTime = new(2026, 11, 27, 9, 59, 0, TimeSpan.Zero);

    private static string Obx(string type = "NM", string value = "72", string status = "F", string time = "", string device = "", string code = "147842^MDC_ECG_HEART_RATE^MDC", string unit = "264864^MDC_DIM_BEAT_PER_MIN^MDC") =>
        $"OBX|1|{type}|{code}|1.1.1.1|{value}|{unit}|||||{status}|||{time}||||{device}";

    private static OruR01Result Read(params string[] segments) => Hl7Fixtures.Read(string.Join('\r', segments));

    [Theory]
    [InlineData("ADT^A01^ADT_A01")]
    [InlineData("ORU^R30^ORU_R30")]
    [InlineData("ACK^R01^ACK")]
    [InlineData("ORU")]
    [InlineData("")]
    public void Anything_but_ORU_R01_is_the_wrong_message_type(string type)
    {
        var result = Read(Msh.Replace("ORU^R01^ORU_R01", type, StringComparison.Ordinal), Obr, Obx());

        Assert.Equal(OruR01ErrorKind.WrongMessageType, result.Error);
    }

    [Fact]
    public void An_ORU_without_OBX_has_no_observations()
    {
        Assert.Equal(OruR01ErrorKind.NoObservations, Read(Msh, "PID|||P1", Obr).Error);
    }

    [Fact]
    public void Without_an_EUI_64_in_OBX_18_OBR_3_or_MSH_3_there_is_no_device()
    {
        var msh = Msh.Replace("GW^AAAAAAAAAAAAAAAA^EUI-64", "GW^AAAAAAAAAAAAAAAA^DNS", StringComparison.Ordinal);

        var result = Read(msh, "OBR|1||F1^GW^AAAAAAAAAAAAAAA^EUI-64", Obx(device: "NOT-HEX-AT-ALL^GW"));

        Assert.Equal(OruR01ErrorKind.NoDevice, result.Error);
        Assert.Equal(1, result.ObservationCount);
    }

    [Theory]
    [InlineData("OBR|1||F1^GW^BBBBBBBBBBBBBBBB^EUI-64", "ccccccccccccccc1^GW", "CCCCCCCCCCCCCCC1")]
    [InlineData("OBR|1||F1^GW^BBBBBBBBBBBBBBBB^EUI-64", "E1^GW^cccccccccccccccc^eui-64", "CCCCCCCCCCCCCCCC")]
    [InlineData("OBR|1||F1^GW^BBBBBBBBBBBBBBBB^EUI-64", "X~E2^GW^CC:CC:CC:CC:CC:CC:CC:C2^EUI-64", "CCCCCCCCCCCCCCC2")]
    [InlineData("OBR|1||F1^GW^BBBBBBBBBBBBBBBB^EUI-64", "E1^GW^not hex^EUI-64", "BBBBBBBBBBBBBBBB")]
    [InlineData("OBR|1||bbbbbbbbbbbbbbb1", "", "BBBBBBBBBBBBBBB1")]
    [InlineData("OBR|1||F1^GW^12345^ISO", "", "AAAAAAAAAAAAAAAA")]
    public void The_device_is_the_first_EUI_64_in_OBX_18_else_OBR_3_else_MSH_3(string obr, string device, string expected)
    {
        Assert.Equal(expected, Read(Msh, obr, Obx(device: device)).DeviceId);
    }

    [Fact]
    public void When_OBX_name_several_devices_the_first_is_taken_and_the_others_reported()
    {
        var result = Read(Msh, Obr, Obx(device: "1111111111111111"), Obx(value: "80", device: "2222222222222222"));

        Assert.Equal("1111111111111111", result.DeviceId);
        Assert.True(result.NamesOtherDevices);
        Assert.Equal([72.0, 80.0], result.Readings.Select(r => r.Value));
    }

    [Theory]
    [InlineData("F", true)]
    [InlineData("R", true)]
    [InlineData("C", true)]
    [InlineData("P", true)]
    [InlineData("S", true)]
    [InlineData("U", true)]
    [InlineData("", true)]
    [InlineData("X", false)]
    [InlineData("D", false)]
    [InlineData("W", false)]
    [InlineData("I", false)]
    [InlineData("N", false)]
    public void Only_usable_result_statuses_give_readings(string status, bool used)
    {
        var result = Read(Msh, Obr, Obx(status: status));

        Assert.Equal(used ? 1 : 0, result.Readings.Count);
        Assert.Equal(used ? 0 : 1, result.Skipped.ExcludedStatus);
    }

    [Theory]
    [InlineData("NM", "72", 72)]
    [InlineData("NM", " -3.5 ", -3.5)]
    [InlineData("NM", "72~80", 72)]
    [InlineData("ST", "72", 72)]
    [InlineData("SN", "^72", 72)]
    [InlineData("SN", "=^72", 72)]
    public void Numbers_are_read_from_NM_ST_and_plain_SN(string type, string value, double expected)
    {
        Assert.Equal(expected, Assert.Single(Read(Msh, Obr, Obx(type, value)).Readings).Value);
    }

    [Theory]
    [InlineData("NM", "")]
    [InlineData("NM", "abc")]
    [InlineData("NM", "NaN")]
    [InlineData("NM", "Infinity")]
    [InlineData("NM", "1e3")]
    [InlineData("NM", "7,2")]
    [InlineData("NM", "72^x")]
    [InlineData("ST", "seventy-two")]
    [InlineData("SN", "<^72")]
    [InlineData("SN", "^60^-^80")]
    [InlineData("SN", "^2^:^1")]
    [InlineData("CWE", "72^seventy-two")]
    [InlineData("TX", "72")]
    [InlineData("", "72")]
    public void Values_that_are_not_plain_numbers_are_skipped_as_non_numeric(string type, string value)
    {
        var result = Read(Msh, Obr, Obx(type, value));

        Assert.True(result.IsUsable);
        Assert.Empty(result.Readings);
        Assert.Equal(SkippedObservations.None with { NonNumeric = 1 }, result.Skipped);
    }

    [Theory]
    [InlineData("NA")]
    [InlineData("MA")]
    public void Waveforms_are_skipped_and_counted(string type)
    {
        Assert.Equal(SkippedObservations.None with { Waveforms = 1 }, Read(Msh, Obr, Obx(type, "1^2^3")).Skipped);
    }

    [Fact]
    public void Unknown_codes_and_units_are_skipped_and_counted_never_fatal()
    {
        var result = Read(Msh, Obr, Obx(code: "148065^MDC_ECG_V_P_C_CNT^MDC"), Obx(unit: "266016^MDC_DIM_MMHG^MDC"), Obx());

        Assert.True(result.IsUsable);
        Assert.Single(result.Readings);
        Assert.Equal(SkippedObservations.None with { UnknownCodes = 1, UnknownUnits = 1 }, result.Skipped);
    }

    [Fact]
    public void The_time_is_OBX_14_else_the_OBR_7_of_its_group_else_MSH_7()
    {
        var result = Read(
            Msh,
            Obx(value: "1"),
            Obr,
            Obx(value: "2"),
            Obx(value: "3", time: "20261127095930+0000"),
            "OBR|2||||||",
            Obx(value: "4"));

        var mshTime = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal([mshTime, ObrTime, ObrTime.AddSeconds(30), mshTime], result.Readings.Select(r => r.At));
    }

    [Theory]
    [InlineData("20261131100000+0000", Obr)]
    [InlineData("2026-11-27T10:00:00Z", Obr)]
    [InlineData("", "OBR|1||||||202611271")]
    public void A_malformed_time_skips_the_OBX_without_falling_back_to_another_time(string time, string obr)
    {
        var result = Read(Msh, obr, Obx(time: time));

        Assert.True(result.IsUsable);
        Assert.Empty(result.Readings);
        Assert.Equal(SkippedObservations.None with { BadTimes = 1 }, result.Skipped);
    }

    [Fact]
    public void Only_PID_3_is_taken_from_the_patient_and_no_demographic_reaches_the_result()
    {
        var result = Read(Msh, "PID|||MRN-1^^^Hospital^MR~NHS-2||Doe^Jane^Q|Roe^^^^^^M|19770404|F|||1 Main St^^Town", Obr, Obx());

        Assert.Equal("MRN-1", result.PatientIdentifier);
        var texts = typeof(OruR01Result).GetProperties().Select(p => p.GetValue(result)?.ToString() ?? "").ToList();
        texts.AddRange(result.Readings.Select(r => r.ToString()));
        Assert.DoesNotContain(texts, t => t.Contains("Doe", StringComparison.Ordinal) || t.Contains("Jane", StringComparison.Ordinal)
            || t.Contains("1977", StringComparison.Ordinal) || t.Contains("Main St", StringComparison.Ordinal) || t.Contains("NHS-2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(15 * 60)]
    [InlineData(-15 * 60)]
    public void An_assumed_offset_no_time_zone_can_have_is_a_programming_error(int minutes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AssumedTimeZone.FixedOffset(TimeSpan.FromMinutes(minutes)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AssumedTimeZone.FixedOffset(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void An_OBX_dated_beyond_the_clock_tolerance_is_listed_with_its_position_time_field_and_skew_and_gives_no_reading()
    {
        var now = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        var message = Hl7Fixtures.Parse(string.Join('\r',
            Msh,
            Obr,
            Obx(value: "70", time: "20261127100030+0000"),
            Obx(value: "71", time: "20261127110000+0000"),
            Obx(value: "1", code: "148065^MDC_ECG_V_P_C_CNT^MDC", time: "20261127120000+0000"),
            "OBR|2||||||20261127100500+0000",
            Obx(value: "72")));

        var result = OruR01Reader.Read(message, AssumedTimeZone.Utc, now);

        Assert.Equal([70.0], result.Readings.Select(r => r.Value));
        Assert.Equal(
            [new ObservationAheadOfClock(2, "OBX-14", TimeSpan.FromHours(1)), new ObservationAheadOfClock(4, "OBR-7", TimeSpan.FromMinutes(5))],
            result.AheadOfClock);
        Assert.Equal([new SkippedObservation(3, SkipReason.UnknownCode)], result.SkippedAt);
    }

    [Fact]
    public void Skin_temperature_is_skipped_for_its_own_reason_not_as_an_unknown_code()
    {
        var result = Read(Msh, Obr,
            Obx(code: "150388^MDC_TEMP_SKIN^MDC", value: "33.1", unit: "268192^MDC_DIM_DEGC^MDC"),
            Obx(code: "^MDC_TEMP_SKIN^MDC", value: "33.2", unit: "Cel^Cel^UCUM"),
            Obx(code: "188496^MDC_TEMP_AXILLA^MDC", value: "36.6", unit: "Cel^Cel^UCUM"),
            Obx());

        Assert.Equal([72.0], result.Readings.Select(r => r.Value));
        Assert.Equal(
            [new SkippedObservation(1, SkipReason.SkinTemperature), new SkippedObservation(2, SkipReason.SkinTemperature), new SkippedObservation(3, SkipReason.UnknownCode)],
            result.SkippedAt);
        Assert.Equal(SkippedObservations.None with { SkinTemperature = 2, UnknownCodes = 1 }, result.Skipped);
    }

    [Fact]
    public void An_OBX_without_type_or_value_is_containment_whatever_its_status_or_code()
    {
        var result = Read(Msh, Obr, "OBX|1||69837^MDC_DEV_METER_PHYSIO_MULTI_PARAM_MDS^MDC|1|||||||X", "OBX|2||150020^MDC_PRESS_BLD_NONINV^MDC|1.0.1|||||||R", Obx(type: "", value: ""));

        Assert.Equal(SkippedObservations.None with { Containment = 3 }, result.Skipped);
    }

    public static TheoryData<string, string, VitalSign, double, double> NewCodes => new()
    {
        { "151570^MDC_AWAY_RESP_RATE^MDC", "264928^MDC_DIM_RESP_PER_MIN^MDC", VitalSign.RespirationRate, 14, 14 },
        { "151578^MDC_TTHOR_RESP_RATE^MDC", "264928^MDC_DIM_RESP_PER_MIN^MDC", VitalSign.RespirationRate, 18, 18 },
        { "151594^MDC_CO2_RESP_RATE^MDC", "/min^/min^UCUM", VitalSign.RespirationRate, 12, 12 },
        { "150301^MDC_PRESS_CUFF_SYS^MDC", "266016^MDC_DIM_MMHG^MDC", VitalSign.SystolicPressure, 121, 121 },
        { "150302^MDC_PRESS_CUFF_DIA^MDC", "mm[Hg]^mm[Hg]^UCUM", VitalSign.DiastolicPressure, 79, 79 },
        { "150303^MDC_PRESS_CUFF_MEAN^MDC", "265987^MDC_DIM_KILO_PASCAL^MDC", VitalSign.MeanArterialPressure, 12, 90.0 },
        { "150368^MDC_TEMP_CORE^MDC", "268192^MDC_DIM_DEGC^MDC", VitalSign.Temperature, 37.4, 37.4 },
        { "150392^MDC_TEMP_TYMP^MDC", "268192^MDC_DIM_DEGC^MDC", VitalSign.Temperature, 37.1, 37.1 },
        { "188420^MDC_TEMP_RECT^MDC", "266560^MDC_DIM_FAHR^MDC", VitalSign.Temperature, 100.4, 38.0 },
        { "188424^MDC_TEMP_ORAL^MDC", "Cel^Cel^UCUM", VitalSign.Temperature, 36.8, 36.8 },
        { "188428^MDC_TEMP_EAR^MDC", "[degF]^[degF]^UCUM", VitalSign.Temperature, 98.6, 37.0 },
        { "188452^MDC_TEMP_AXILLA^MDC", "268192^MDC_DIM_DEGC^MDC", VitalSign.Temperature, 36.4, 36.4 },
    };

    [Theory]
    [MemberData(nameof(NewCodes))]
    public void Respiration_cuff_pressure_and_body_temperature_sites_are_read_in_their_units(string code, string unit, VitalSign sign, double value, double expected)
    {
        var result = Read(Msh, Obr, Obx(code: code, unit: unit, value: value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(new Reading(sign, expected, ObrTime), Assert.Single(result.Readings));
    }
}
