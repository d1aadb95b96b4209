using Monitoring.News2;
using Monitoring.Vitals;
using static Monitoring.UnitTests.News2.News2Charts;

namespace Monitoring.UnitTests.News2;

/// <summary>Every cut-off of the RCP NEWS2 (2017) chart, checked on both sides; all other parameters are normal.</summary>
public sealed class News2CutOffTests
{
    public static TheoryData<double, int> RespirationRates => new()
    {
        { 8, 3 }, { 9, 1 },
        { 11, 1 }, { 12, 0 },
        { 20, 0 }, { 21, 2 },
        { 24, 2 }, { 25, 3 },
    };

    public static TheoryData<double, int> SpO2Scale1 => new()
    {
        { 91, 3 }, { 92, 2 },
        { 93, 2 }, { 94, 1 },
        { 95, 1 }, { 96, 0 },
    };

    public static TheoryData<double, bool, int> SpO2Scale2 => new()
    {
        { 83, false, 3 }, { 84, false, 2 },
        { 85, false, 2 }, { 86, false, 1 },
        { 87, false, 1 }, { 88, false, 0 },
        { 92, false, 0 }, { 93, false, 0 },
        { 100, false, 0 },
        { 83, true, 3 }, { 84, true, 2 },
        { 85, true, 2 }, { 86, true, 1 },
        { 87, true, 1 }, { 88, true, 0 },
        { 92, true, 0 }, { 93, true, 1 },
        { 94, true, 1 }, { 95, true, 2 },
        { 96, true, 2 }, { 97, true, 3 },
    };

    public static TheoryData<double, int> SystolicPressures => new()
    {
        { 90, 3 }, { 91, 2 },
        { 100, 2 }, { 101, 1 },
        { 110, 1 }, { 111, 0 },
        { 219, 0 }, { 220, 3 },
    };

    public static TheoryData<double, int> Pulses => new()
    {
        { 40, 3 }, { 41, 1 },
        { 50, 1 }, { 51, 0 },
        { 90, 0 }, { 91, 1 },
        { 110, 1 }, { 111, 2 },
        { 130, 2 }, { 131, 3 },
    };

    public static TheoryData<double, int> Temperatures => new()
    {
        { 35.0, 3 }, { 35.1, 1 },
        { 36.0, 1 }, { 36.1, 0 },
        { 38.0, 0 }, { 38.1, 1 },
        { 39.0, 1 }, { 39.1, 2 },
    };

    [Theory]
    [MemberData(nameof(RespirationRates))]
    public void Respiration_rate_scores_at_every_cut_off_of_the_chart(double perMinute, int expected) =>
        AssertScored(Score(Normal with { RespirationRate = Fresh(perMinute) }), News2Parameter.RespirationRate, perMinute, expected);

    [Theory]
    [MemberData(nameof(SpO2Scale1))]
    public void SpO2_on_scale_1_scores_at_every_cut_off_of_the_chart(double percent, int expected) =>
        AssertScored(Score(Normal with { SpO2 = Fresh(percent) }), News2Parameter.SpO2, percent, expected);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SpO2_on_scale_1_does_not_depend_on_air_or_oxygen(bool onOxygen) =>
        AssertScored(Score(Normal with { SpO2 = Fresh(97.0), OnOxygen = Fresh(onOxygen) }), News2Parameter.SpO2, 97, 0, otherPoints: OxygenPoints(onOxygen));

    [Theory]
    [MemberData(nameof(SpO2Scale2))]
    public void SpO2_on_scale_2_scores_at_every_cut_off_of_the_chart_on_air_and_on_oxygen(double percent, bool onOxygen, int expected) =>
        AssertScored(
            Score(Normal with { SpO2 = Fresh(percent), OnOxygen = Fresh(onOxygen), SpO2Scale = 2 }),
            News2Parameter.SpO2,
            percent,
            expected,
            otherPoints: OxygenPoints(onOxygen));

    [Theory]
    [InlineData(false, 0, 0)]
    [InlineData(true, 1, 2)]
    public void Oxygen_scores_2_and_air_scores_0(bool onOxygen, double value, int expected) =>
        AssertScored(Score(Normal with { OnOxygen = Fresh(onOxygen) }), News2Parameter.AirOrOxygen, value, expected);

    [Theory]
    [MemberData(nameof(SystolicPressures))]
    public void Systolic_pressure_scores_at_every_cut_off_of_the_chart(double mmHg, int expected) =>
        AssertScored(Score(Normal with { SystolicPressure = Fresh(mmHg) }), News2Parameter.SystolicPressure, mmHg, expected);

    [Theory]
    [MemberData(nameof(Pulses))]
    public void Pulse_scores_at_every_cut_off_of_the_chart(double perMinute, int expected) =>
        AssertScored(Score(Normal with { Pulse = Fresh(perMinute) }), News2Parameter.Pulse, perMinute, expected);

    [Theory]
    [InlineData(Consciousness.Alert, 0)]
    [InlineData(Consciousness.NewConfusion, 3)]
    [InlineData(Consciousness.Voice, 3)]
    [InlineData(Consciousness.Pain, 3)]
    [InlineData(Consciousness.Unresponsive, 3)]
    public void Alert_scores_0_and_every_other_level_of_consciousness_scores_3(Consciousness level, int expected) =>
        AssertScored(Score(Normal with { Consciousness = Fresh(level) }), News2Parameter.Consciousness, (int)level, expected);

    [Theory]
    [MemberData(nameof(Temperatures))]
    public void Temperature_scores_at_every_cut_off_of_the_chart(double celsius, int expected) =>
        AssertScored(Score(Normal with { Temperature = Fresh(celsius) }), News2Parameter.Temperature, celsius, expected);

    /// <summary>Being on oxygen scores 2 of its own, on top of the parameter under test.</summary>
    private static int OxygenPoints(bool onOxygen) => onOxygen ? 2 : 0;

    private static void AssertScored(News2Result result, News2Parameter parameter, double value, int expected, int otherPoints = 0)
    {
        Assert.Equal(new News2ParameterScore(parameter, value, expected, News2ParameterStatus.Scored), result.Of(parameter));
        Assert.Equal(expected + otherPoints, result.Score);
        Assert.True(result.Complete);
    }
}
