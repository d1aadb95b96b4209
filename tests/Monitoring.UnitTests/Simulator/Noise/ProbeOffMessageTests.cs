using Monitoring.Hl7;
using Monitoring.Simulator;
using Monitoring.UnitTests.Hl7;
using Monitoring.Vitals;
using Reading = Monitoring.Vitals.Reading;

namespace Monitoring.UnitTests.Simulator.Noise;

/// <summary>What a noisy bed's monitor sends over MLLP: the oximeter's pulse rate, and neither it nor SpO2 with the probe off.</summary>
public sealed class ProbeOffMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly BedAssignment _bed = BedAssignment.Create("icu-3w", 4);

    [Fact]
    public void A_noisy_bed_s_message_carries_the_pulse_rate_as_MDC_PULS_OXIM_PULS_RATE_which_the_api_reads()
    {
        var text = new Pcd01Message(_bed).Build("700004", new VitalSignsSnapshot(78, 97, 15, 120, 80, 36.9, PulseRate: 77), At);

        var oru = OruR01Reader.Read(Hl7Fixtures.Parse(text), AssumedTimeZone.Utc, At);

        Assert.True(oru.IsUsable, oru.ErrorText);
        Assert.Contains("\rOBX|8|NM|149530^MDC_PULS_OXIM_PULS_RATE^MDC|1.1.1.8|77|264864^MDC_DIM_BEAT_PER_MIN^MDC|", text, StringComparison.Ordinal);
        Assert.Contains(new Reading(VitalSign.PulseRate, 77, At), oru.Readings);
        Assert.Equal(8, oru.ObservationCount);
    }

    [Fact]
    public void With_the_probe_off_the_message_has_no_SpO2_and_no_pulse_rate_and_its_OBX_are_numbered_without_a_gap()
    {
        var text = new Pcd01Message(_bed).Build("700004", new VitalSignsSnapshot(78, null, 15, 120, 80, 36.9), At);

        var oru = OruR01Reader.Read(Hl7Fixtures.Parse(text), AssumedTimeZone.Utc, At);

        Assert.True(oru.IsUsable, oru.ErrorText);
        Assert.DoesNotContain("150456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("149530", text, StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], text.Split('\r').Where(s => s.StartsWith("OBX|", StringComparison.Ordinal)).Select(s => s.Split('|')[1]));
        Assert.Equal(
            [VitalSign.HeartRate, VitalSign.RespirationRate, VitalSign.SystolicPressure, VitalSign.DiastolicPressure, VitalSign.MeanArterialPressure, VitalSign.Temperature],
            oru.Readings.Select(r => r.Sign));
    }
}
