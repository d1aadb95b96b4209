using Monitoring.News2;
using Monitoring.Vitals;
using static Monitoring.UnitTests.News2.News2Charts;

namespace Monitoring.UnitTests.News2;

/// <summary>Totals, bands, missing and stale parameters and values between chart bands in the NEWS2 calculator.</summary>
public sealed class News2ScoreTests
{
    public static TheoryData<News2Parameter> AllParameters => new(Enum.GetValues<News2Parameter>());

    [Fact]
    public void An_all_normal_patient_scores_0_in_band_zero()
    {
        var result = Score(Normal);

        Assert.Equal(0, result.Score);
        Assert.True(result.Complete);
        Assert.Equal(News2Band.Zero, result.Band);
        Assert.False(result.AnySingleParameterThree);
        Assert.Equal(1, result.SpO2Scale);
        Assert.All(result.Parameters, p => Assert.Equal((0, News2ParameterStatus.Scored), (p.Score, p.Status)));
    }

    [Fact]
    public void The_worst_values_on_every_parameter_score_the_maximum_of_20()
    {
        var result = Score(new News2Inputs(
            RespirationRate: Fresh(5.0),
            SpO2: Fresh(85.0),
            OnOxygen: Fresh(true),
            SystolicPressure: Fresh(80.0),
            Pulse: Fresh(140.0),
            Consciousness: Fresh(Consciousness.Unresponsive),
            Temperature: Fresh(35.0),
            SpO2Scale: 1));

        Assert.Equal(20, result.Score);
        Assert.Equal([3, 3, 2, 3, 3, 3, 3], result.Parameters.Select(p => p.Score ?? -1));
        Assert.True(result.Complete);
        Assert.True(result.AnySingleParameterThree);
        Assert.Equal(News2Band.High, result.Band);
    }

    [Theory]
    [MemberData(nameof(AllParameters))]
    public void Parameters_are_always_reported_in_chart_order(News2Parameter removed)
    {
        var result = Score(Normal.WithObservedAt(removed, null));

        Assert.Equal(Enum.GetValues<News2Parameter>(), result.Parameters.Select(p => p.Parameter));
    }

    [Fact]
    public void A_total_of_4_without_a_3_is_low()
    {
        var result = Score(Normal with { RespirationRate = Fresh(21.0), Pulse = Fresh(111.0) });

        Assert.Equal((4, false, News2Band.Low), (result.Score, result.AnySingleParameterThree, result.Band));
    }

    [Theory]
    [InlineData(70.0, 3)]
    [InlineData(95.0, 4)]
    public void A_single_3_with_a_total_under_5_is_low_medium(double pulse, int total)
    {
        var result = Score(Normal with { SystolicPressure = Fresh(90.0), Pulse = Fresh(pulse) });

        Assert.Equal((total, true, News2Band.LowMedium), (result.Score, result.AnySingleParameterThree, result.Band));
    }

    [Fact]
    public void A_total_of_5_or_6_is_medium_with_or_without_a_3()
    {
        var five = Score(Normal with { RespirationRate = Fresh(21.0), Pulse = Fresh(111.0), Temperature = Fresh(38.5) });
        var fiveWithThree = Score(Normal with { SystolicPressure = Fresh(90.0), RespirationRate = Fresh(21.0) });
        var sixWithThree = Score(Normal with { Consciousness = Fresh(Consciousness.Voice), OnOxygen = Fresh(true), Pulse = Fresh(95.0) });
        var six = Score(Normal with { RespirationRate = Fresh(21.0), Pulse = Fresh(111.0), SystolicPressure = Fresh(95.0) });

        Assert.Equal((5, false, News2Band.Medium), (five.Score, five.AnySingleParameterThree, five.Band));
        Assert.Equal((5, true, News2Band.Medium), (fiveWithThree.Score, fiveWithThree.AnySingleParameterThree, fiveWithThree.Band));
        Assert.Equal((6, true, News2Band.Medium), (sixWithThree.Score, sixWithThree.AnySingleParameterThree, sixWithThree.Band));
        Assert.Equal((6, false, News2Band.Medium), (six.Score, six.AnySingleParameterThree, six.Band));
    }

    [Fact]
    public void A_total_of_7_is_high()
    {
        var result = Score(Normal with { SystolicPressure = Fresh(90.0), RespirationRate = Fresh(21.0), Pulse = Fresh(111.0) });

        Assert.Equal((7, News2Band.High), (result.Score, result.Band));
    }

    [Theory]
    [InlineData(0, false, News2Band.Zero)]
    [InlineData(1, false, News2Band.Low)]
    [InlineData(4, false, News2Band.Low)]
    [InlineData(3, true, News2Band.LowMedium)]
    [InlineData(4, true, News2Band.LowMedium)]
    [InlineData(5, false, News2Band.Medium)]
    [InlineData(5, true, News2Band.Medium)]
    [InlineData(6, false, News2Band.Medium)]
    [InlineData(6, true, News2Band.Medium)]
    [InlineData(7, false, News2Band.High)]
    [InlineData(7, true, News2Band.High)]
    [InlineData(20, true, News2Band.High)]
    public void A_total_falls_in_the_band_of_the_chart(int total, bool anySingleParameterThree, News2Band band) =>
        Assert.Equal(band, News2Calculator.BandOf(total, anySingleParameterThree));

    [Theory]
    [MemberData(nameof(AllParameters))]
    public void A_missing_parameter_is_reported_and_leaves_the_score_incomplete_without_a_band(News2Parameter parameter)
    {
        var result = Score(Normal.WithObservedAt(parameter, null));

        Assert.Equal(new News2ParameterScore(parameter, null, null, News2ParameterStatus.Missing), result.Of(parameter));
        Assert.False(result.Complete);
        Assert.Null(result.Band);
        Assert.Equal(0, result.Score);
        Assert.Equal(6, result.Parameters.Count(p => p.Status == News2ParameterStatus.Scored));
    }

    [Theory]
    [MemberData(nameof(AllParameters))]
    public void A_stale_parameter_reports_its_value_but_no_score_and_leaves_the_score_incomplete(News2Parameter parameter)
    {
        var normal = Score(Normal).Of(parameter);

        var result = Score(Normal.WithObservedAt(parameter, StaleAt));

        Assert.Equal(new News2ParameterScore(parameter, normal.Value, null, News2ParameterStatus.Stale), result.Of(parameter));
        Assert.False(result.Complete);
        Assert.Null(result.Band);
    }

    [Fact]
    public void A_value_exactly_the_maximum_age_old_is_still_current()
    {
        var result = Score(Normal.WithObservedAt(News2Parameter.Pulse, Now - MaxAge));

        Assert.Equal(News2ParameterStatus.Scored, result.Of(News2Parameter.Pulse).Status);
        Assert.True(result.Complete);
    }

    [Fact]
    public void Missing_and_stale_parameters_do_not_count_but_the_scored_ones_do()
    {
        var result = Score(Normal with
        {
            Pulse = Fresh(140.0),
            SystolicPressure = null,
            RespirationRate = new Measured<double>(30.0, StaleAt),
        });

        Assert.Equal(3, result.Score);
        Assert.True(result.AnySingleParameterThree);
        Assert.False(result.Complete);
        Assert.Null(result.Band);
        Assert.Equal(new News2ParameterScore(News2Parameter.RespirationRate, 30, null, News2ParameterStatus.Stale), result.Of(News2Parameter.RespirationRate));
        Assert.Equal(News2ParameterStatus.Missing, result.Of(News2Parameter.SystolicPressure).Status);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_value_that_is_not_a_number_counts_as_missing(double value)
    {
        var result = Score(Normal with { Temperature = Fresh(value), Pulse = Fresh(value) });

        Assert.Equal(News2ParameterStatus.Missing, result.Of(News2Parameter.Temperature).Status);
        Assert.Equal(News2ParameterStatus.Missing, result.Of(News2Parameter.Pulse).Status);
        Assert.False(result.Complete);
    }

    [Theory]
    [InlineData(News2Parameter.RespirationRate, 20.5, 2)]      // between 20 (0) and 21 (2)
    [InlineData(News2Parameter.RespirationRate, 20.01, 2)]
    [InlineData(News2Parameter.RespirationRate, 8.4, 3)]       // between 8 (3) and 9 (1)
    [InlineData(News2Parameter.RespirationRate, 11.5, 1)]      // between 11 (1) and 12 (0)
    [InlineData(News2Parameter.SpO2, 95.5, 1)]                 // between 95 (1) and 96 (0)
    [InlineData(News2Parameter.SpO2, 91.9, 3)]                 // between 91 (3) and 92 (2)
    [InlineData(News2Parameter.SystolicPressure, 110.5, 1)]    // between 110 (1) and 111 (0)
    [InlineData(News2Parameter.SystolicPressure, 219.5, 3)]    // between 219 (0) and 220 (3)
    [InlineData(News2Parameter.Pulse, 90.5, 1)]                // between 90 (0) and 91 (1)
    [InlineData(News2Parameter.Pulse, 50.4, 1)]                // between 50 (1) and 51 (0)
    [InlineData(News2Parameter.Pulse, 40.5, 3)]                // between 40 (3) and 41 (1)
    [InlineData(News2Parameter.Temperature, 38.05, 1)]         // between 38.0 (0) and 38.1 (1)
    [InlineData(News2Parameter.Temperature, 38.01, 1)]
    [InlineData(News2Parameter.Temperature, 38.0, 0)]          // on the chart value itself
    [InlineData(News2Parameter.Temperature, 38.1, 1)]
    [InlineData(News2Parameter.Temperature, 39.0, 1)]
    [InlineData(News2Parameter.Temperature, 36.05, 1)]         // between 36.0 (1) and 36.1 (0)
    [InlineData(News2Parameter.Temperature, 35.05, 3)]         // between 35.0 (3) and 35.1 (1)
    [InlineData(News2Parameter.Temperature, 39.05, 2)]         // between 39.0 (1) and 39.1 (2)
    public void A_value_between_two_chart_bands_scores_the_worse_one(News2Parameter parameter, double value, int expected)
    {
        var inputs = parameter switch
        {
            News2Parameter.RespirationRate => Normal with { RespirationRate = Fresh(value) },
            News2Parameter.SpO2 => Normal with { SpO2 = Fresh(value) },
            News2Parameter.SystolicPressure => Normal with { SystolicPressure = Fresh(value) },
            News2Parameter.Pulse => Normal with { Pulse = Fresh(value) },
            _ => Normal with { Temperature = Fresh(value) },
        };

        var result = Score(inputs);

        Assert.Equal(new News2ParameterScore(parameter, value, expected, News2ParameterStatus.Scored), result.Of(parameter));
    }

    [Fact]
    public void A_stale_value_is_reported_as_measured()
    {
        var result = Score(Normal with { Temperature = new Measured<double>(38.05, StaleAt) });

        Assert.Equal(new News2ParameterScore(News2Parameter.Temperature, 38.05, null, News2ParameterStatus.Stale), result.Of(News2Parameter.Temperature));
    }

    [Theory]
    [InlineData(95.0, 95.0)]
    [InlineData(92.5, 92.5)] // between 92 (0) and 93 (unknown without air or oxygen): the worse is not known
    public void On_scale_2_a_SpO2_of_93_or_more_with_air_or_oxygen_unknown_is_missing(double percent, double rounded)
    {
        var result = Score(Normal with { SpO2 = Fresh(percent), OnOxygen = null, SpO2Scale = 2 });

        Assert.Equal(new News2ParameterScore(News2Parameter.SpO2, rounded, null, News2ParameterStatus.Missing), result.Of(News2Parameter.SpO2));
        Assert.Equal(News2ParameterStatus.Missing, result.Of(News2Parameter.AirOrOxygen).Status);
        Assert.False(result.Complete);
        Assert.Null(result.Band);
        Assert.Equal(2, result.SpO2Scale);
    }

    [Fact]
    public void On_scale_2_stale_air_or_oxygen_leaves_a_SpO2_of_93_or_more_unscored()
    {
        var result = Score(Normal with { SpO2 = Fresh(97.0), OnOxygen = new Measured<bool>(true, StaleAt), SpO2Scale = 2 });

        Assert.Equal(News2ParameterStatus.Missing, result.Of(News2Parameter.SpO2).Status);
        Assert.Equal(new News2ParameterScore(News2Parameter.AirOrOxygen, 1, null, News2ParameterStatus.Stale), result.Of(News2Parameter.AirOrOxygen));
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public void On_scale_2_a_SpO2_below_93_is_scored_without_knowing_air_or_oxygen()
    {
        var result = Score(Normal with { SpO2 = Fresh(85.0), OnOxygen = null, SpO2Scale = 2 });

        Assert.Equal(new News2ParameterScore(News2Parameter.SpO2, 85, 2, News2ParameterStatus.Scored), result.Of(News2Parameter.SpO2));
        Assert.Equal(2, result.Score);
    }

    [Fact]
    public void On_scale_1_SpO2_is_scored_without_knowing_air_or_oxygen()
    {
        var result = Score(Normal with { SpO2 = Fresh(93.0), OnOxygen = null });

        Assert.Equal(new News2ParameterScore(News2Parameter.SpO2, 93, 2, News2ParameterStatus.Scored), result.Of(News2Parameter.SpO2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    public void A_SpO2_scale_other_than_1_or_2_is_rejected(int scale) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Score(Normal with { SpO2Scale = scale }));

    [Fact]
    public void A_consciousness_that_is_not_an_ACVPU_level_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Score(Normal with { Consciousness = Fresh((Consciousness)0) }));

    [Fact]
    public void A_negative_maximum_age_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => News2Calculator.Calculate(Normal, Now, TimeSpan.FromSeconds(-1)));
}
