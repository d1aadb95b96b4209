using System.Globalization;
using Monitoring.Hl7;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Hl7;

public sealed class MdcVitalCodesTests
{
    [Theory]
    [InlineData("147842", VitalSign.HeartRate)]
    [InlineData("149530", VitalSign.PulseRate)]
    [InlineData("149546", VitalSign.PulseRate)]
    [InlineData("149522", VitalSign.PulseRate)]
    [InlineData("150456", VitalSign.SpO2)]
    [InlineData("151562", VitalSign.RespirationRate)]
    [InlineData("150021", VitalSign.SystolicPressure)]
    [InlineData("150022", VitalSign.DiastolicPressure)]
    [InlineData("150023", VitalSign.MeanArterialPressure)]
    [InlineData("150033", VitalSign.SystolicPressure)]
    [InlineData("150034", VitalSign.DiastolicPressure)]
    [InlineData("150035", VitalSign.MeanArterialPressure)]
    [InlineData("150344", VitalSign.Temperature)]
    [InlineData("150364", VitalSign.Temperature)]
    [InlineData("188424", VitalSign.Temperature)]
    [InlineData("151570", VitalSign.RespirationRate)]
    [InlineData("151578", VitalSign.RespirationRate)]
    [InlineData("151594", VitalSign.RespirationRate)]
    [InlineData("150301", VitalSign.SystolicPressure)]
    [InlineData("150302", VitalSign.DiastolicPressure)]
    [InlineData("150303", VitalSign.MeanArterialPressure)]
    [InlineData("150368", VitalSign.Temperature)]
    [InlineData("150392", VitalSign.Temperature)]
    [InlineData("188420", VitalSign.Temperature)]
    [InlineData("188428", VitalSign.Temperature)]
    [InlineData("188452", VitalSign.Temperature)]
    public void Each_MDC_code_names_its_vital_sign(string code, VitalSign expected)
    {
        Assert.True(MdcVitalCodes.TryGetSign(code, "", "MDC", out var sign));
        Assert.Equal(expected, sign);
    }

    [Theory]
    [InlineData("", "MDC_PULS_OXIM_SAT_O2", "MDC", VitalSign.SpO2)]
    [InlineData("MDC_RESP_RATE", "", "", VitalSign.RespirationRate)]
    [InlineData(" 147842 ", "MDC_ECG_HEART_RATE", "", VitalSign.HeartRate)]
    [InlineData("149530", "MDC_PULS_RATE_NON_INV", "MDC", VitalSign.PulseRate)]
    public void The_mnemonic_serves_when_there_is_no_number_and_may_agree_with_it(string code, string mnemonic, string system, VitalSign expected)
    {
        Assert.True(MdcVitalCodes.TryGetSign(code, mnemonic, system, out var sign));
        Assert.Equal(expected, sign);
    }

    [Theory]
    [InlineData("150388", "MDC_TEMP_SKIN", "MDC")]
    [InlineData("", "MDC_TEMP_SKIN", "MDC")]
    [InlineData("188496", "", "MDC")]
    [InlineData("188496", "MDC_TEMP_AXILLA", "MDC")]
    [InlineData("151586", "MDC_VENT_RESP_RATE", "MDC")]
    [InlineData("150047", "MDC_PRESS_BLD_ART_PULM_MEAN", "MDC")]
    [InlineData("1500212", "MDC_PRESS_BLD_NONINV_SYS", "MDC")]
    [InlineData("150456", "MDC_ECG_HEART_RATE", "MDC")]
    [InlineData("8867-4", "Heart rate", "LN")]
    [InlineData("147842", "MDC_ECG_HEART_RATE", "LN")]
    [InlineData("", "", "")]
    public void Unknown_foreign_and_contradictory_codes_name_no_sign(string code, string mnemonic, string system)
    {
        Assert.False(MdcVitalCodes.TryGetSign(code, mnemonic, system, out _));
    }

    [Theory]
    [InlineData("150388", "", "MDC", true)]
    [InlineData("", "MDC_TEMP_SKIN", "", true)]
    [InlineData("MDC_TEMP_SKIN", "", "", true)]
    [InlineData("150388", "MDC_TEMP_SKIN", "LN", false)]
    [InlineData("150364", "MDC_TEMP_BODY", "MDC", false)]
    [InlineData("1503880", "MDC_TEMP_SKIN", "MDC", false)]
    public void Skin_temperature_is_recognised_by_its_number_or_without_one_its_mnemonic(string code, string mnemonic, string system, bool expected)
    {
        Assert.Equal(expected, MdcVitalCodes.IsSkinTemperature(code, mnemonic, system));
    }

    [Theory]
    [InlineData(VitalSign.HeartRate, 72, "264864", "MDC_DIM_BEAT_PER_MIN", 72)]
    [InlineData(VitalSign.HeartRate, 72, "/min", "/min", 72)]
    [InlineData(VitalSign.PulseRate, 71, "{beats}/min", "", 71)]
    [InlineData(VitalSign.RespirationRate, 16, "264928", "MDC_DIM_RESP_PER_MIN", 16)]
    [InlineData(VitalSign.RespirationRate, 16, "", "{breaths}/min", 16)]
    [InlineData(VitalSign.SpO2, 80.5, "262688", "MDC_DIM_PERCENT", 80.5)]
    [InlineData(VitalSign.SpO2, 97, "%", "%", 97)]
    [InlineData(VitalSign.SystolicPressure, 120, "266016", "MDC_DIM_MMHG", 120)]
    [InlineData(VitalSign.DiastolicPressure, 80, "mm[Hg]", "mm[Hg]", 80)]
    [InlineData(VitalSign.MeanArterialPressure, 80, "mmHg", "Unit", 80)]
    [InlineData(VitalSign.SystolicPressure, 16, "265987", "MDC_DIM_KILO_PASCAL", 120.0)]
    [InlineData(VitalSign.DiastolicPressure, 10.6, "kPa", "kPa", 79.5)]
    [InlineData(VitalSign.Temperature, 37.2, "268192", "MDC_DIM_DEGC", 37.2)]
    [InlineData(VitalSign.Temperature, 36.9, "Cel", "", 36.9)]
    [InlineData(VitalSign.Temperature, 98.6, "266560", "MDC_DIM_FAHR", 37.0)]
    [InlineData(VitalSign.Temperature, 98.6, "[degF]", "[degF]", 37.0)]
    [InlineData(VitalSign.Temperature, 104, "", "MDC_DIM_FAHR", 40.0)]
    [InlineData(VitalSign.Temperature, 95.1, "[degF]", "", 35.1)]
    public void Values_are_converted_to_the_catalog_unit(VitalSign sign, double value, string unitCode, string unitText, double expected)
    {
        Assert.True(MdcVitalCodes.TryConvert(sign, value, unitCode, unitText, out var converted));
        Assert.Equal(expected, converted);
    }

    [Theory]
    [InlineData(VitalSign.HeartRate, "264928", "MDC_DIM_RESP_PER_MIN")]
    [InlineData(VitalSign.RespirationRate, "264864", "")]
    [InlineData(VitalSign.SpO2, "", "")]
    [InlineData(VitalSign.SpO2, "266016", "")]
    [InlineData(VitalSign.SystolicPressure, "266432", "MDC_DIM_OHM")]
    [InlineData(VitalSign.SystolicPressure, "266016", "MDC_DIM_KILO_PASCAL")]
    [InlineData(VitalSign.Temperature, "266528", "MDC_DIM_KELVIN")]
    [InlineData(VitalSign.Temperature, "degC", "")]
    [InlineData(VitalSign.Temperature, "CEL", "")]
    public void A_unit_that_is_unknown_wrong_for_the_sign_or_contradicted_converts_nothing(VitalSign sign, string unitCode, string unitText)
    {
        Assert.False(MdcVitalCodes.TryConvert(sign, 1, unitCode, unitText, out _));
    }

    [Theory]
    [InlineData(147842, "MDC_ECG_HEART_RATE", "264864", "MDC_DIM_BEAT_PER_MIN")]
    [InlineData(149530, "MDC_PULS_OXIM_PULS_RATE", "264864", "MDC_DIM_BEAT_PER_MIN")]
    [InlineData(150456, "MDC_PULS_OXIM_SAT_O2", "262688", "MDC_DIM_PERCENT")]
    [InlineData(151578, "MDC_TTHOR_RESP_RATE", "264928", "MDC_DIM_RESP_PER_MIN")]
    [InlineData(150035, "MDC_PRESS_BLD_ART_MEAN", "266016", "MDC_DIM_MMHG")]
    [InlineData(150364, "MDC_TEMP_BODY", "268192", "MDC_DIM_DEGC")]
    public void An_observation_is_written_with_its_mnemonic_and_its_sign_s_catalog_unit(int code, string mnemonic, string unitCode, string unitMnemonic)
    {
        var observation = MdcVitalCodes.Observation(code);

        Assert.Equal((code.ToString(CultureInfo.InvariantCulture), mnemonic, unitCode, unitMnemonic),
            (observation.Code, observation.Mnemonic, observation.UnitCode, observation.UnitMnemonic));
    }

    [Fact]
    public void What_is_written_for_each_code_read_here_is_read_back_as_its_sign_in_its_catalog_unit()
    {
        foreach (var code in new[] { 147842, 149530, 149546, 149522, 150456, 151562, 151570, 151578, 151594, 150021, 150022, 150023, 150301, 150302, 150303, 150033, 150034, 150035, 150344, 150364, 150368, 150392, 188420, 188424, 188428, 188452 })
        {
            var observation = MdcVitalCodes.Observation(code);

            Assert.True(MdcVitalCodes.TryGetSign(observation.Code, observation.Mnemonic, MdcVitalCodes.CodingSystem, out var sign), observation.ToString());
            Assert.Equal(observation.Sign, sign);
            Assert.True(MdcVitalCodes.TryConvert(sign, 37.5, observation.UnitCode, observation.UnitMnemonic, out var value), observation.ToString());
            Assert.Equal(37.5, value);
        }
    }

    [Theory]
    [InlineData(150388)]
    [InlineData(188496)]
    [InlineData(0)]
    public void A_code_not_read_here_is_not_written_either(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MdcVitalCodes.Observation(code));
    }

    [Fact]
    public void Every_vital_sign_read_from_HL7_has_a_catalog_unit_we_convert_to()
    {
        Assert.Equal("/min", VitalSignCatalog.Get(VitalSign.HeartRate).Unit);
        Assert.Equal("%", VitalSignCatalog.Get(VitalSign.SpO2).Unit);
        Assert.Equal("mm[Hg]", VitalSignCatalog.Get(VitalSign.SystolicPressure).Unit);
        Assert.Equal("Cel", VitalSignCatalog.Get(VitalSign.Temperature).Unit);
    }
}
