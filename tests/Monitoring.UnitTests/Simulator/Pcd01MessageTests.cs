using Monitoring.Hl7;
using Monitoring.Simulator;
using Monitoring.UnitTests.Hl7;
using Monitoring.Vitals;
using Reading = Monitoring.Vitals.Reading;

namespace Monitoring.UnitTests.Simulator;

/// <summary>What a simulated bedside monitor sends over MLLP: an IHE PCD-01 ORU^R01 that the api reads back whole.</summary>
public sealed class Pcd01MessageTests
{
    private static readonly VitalSignsSnapshot Vitals = new(78, 97, 15, 120, 80, 36.9);
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly BedAssignment _bed = BedAssignment.Create("icu-3w", 4);

    [Fact]
    public void The_message_carries_the_device_the_opaque_patient_id_and_one_OBX_per_vital_with_its_MDC_code_and_unit()
    {
        var device = _bed.DeviceId;
        var equipment = $"{device}^SIM^{device}^EUI-64";
        const string Time = "20261127100000+0000";
        string Obx(int n, string code, string value, string unit) => $"OBX|{n}|NM|{code}^MDC|1.1.1.{n}|{value}|{unit}^MDC|||||R|||{Time}||||{equipment}\r";

        var text = new Pcd01Message(_bed).Build("700004", Vitals, At);

        Assert.Equal(
            $"MSH|^~\\&|SIM^{device}^EUI-64||||{Time}||ORU^R01^ORU_R01|700004|P|2.6|||NE|AL|||||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r"
            + "PID|||sim-icu-3w-04^^^SIM^PI\r"
            + $"OBR|1|700004^SIM^{device}^EUI-64|700004^SIM^{device}^EUI-64|182777000^monitoring of patient^SNOMED-CT|||{Time}\r"
            + Obx(1, "147842^MDC_ECG_HEART_RATE", "78", "264864^MDC_DIM_BEAT_PER_MIN")
            + Obx(2, "150456^MDC_PULS_OXIM_SAT_O2", "97", "262688^MDC_DIM_PERCENT")
            + Obx(3, "151562^MDC_RESP_RATE", "15", "264928^MDC_DIM_RESP_PER_MIN")
            + Obx(4, "150021^MDC_PRESS_BLD_NONINV_SYS", "120", "266016^MDC_DIM_MMHG")
            + Obx(5, "150022^MDC_PRESS_BLD_NONINV_DIA", "80", "266016^MDC_DIM_MMHG")
            + Obx(6, "150023^MDC_PRESS_BLD_NONINV_MEAN", "93", "266016^MDC_DIM_MMHG")
            + Obx(7, "150364^MDC_TEMP_BODY", "36.9", "268192^MDC_DIM_DEGC"),
            text);
    }

    [Fact]
    public void The_api_s_ORU_R01_reader_takes_every_vital_for_the_device_at_the_time_measured()
    {
        var message = new Pcd01Message(_bed);
        message.Build("100004", new VitalSignsSnapshot(140, 85, 30, 90, 50, 38.0), At.AddSeconds(-1));

        var oru = OruR01Reader.Read(Hl7Fixtures.Parse(message.Build(Pcd01Message.ControlId(7, _bed.Bed), Vitals, At)), AssumedTimeZone.Utc, At);

        Assert.True(oru.IsUsable, oru.ErrorText);
        Assert.Equal(_bed.DeviceId, oru.DeviceId);
        Assert.False(oru.NamesOtherDevices);
        Assert.Equal(_bed.PatientId, oru.PatientIdentifier);
        Assert.Equal(SkippedObservations.None, oru.Skipped);
        Assert.Empty(oru.AheadOfClock);
        Assert.Equal(
            [
                new Reading(VitalSign.HeartRate, 78, At),
                new Reading(VitalSign.SpO2, 97, At),
                new Reading(VitalSign.RespirationRate, 15, At),
                new Reading(VitalSign.SystolicPressure, 120, At),
                new Reading(VitalSign.DiastolicPressure, 80, At),
                new Reading(VitalSign.MeanArterialPressure, 93, At),
                new Reading(VitalSign.Temperature, 36.9, At),
            ],
            oru.Readings);
        Assert.Equal(Pcd01Message.ObservationCount, oru.ObservationCount);
    }
}
