using Monitoring.Simulator;
using Monitoring.Simulator.Noise;

namespace Monitoring.UnitTests.Simulator.Noise;

/// <summary>How a run asks for noise: <c>--noise off|low|high</c> and <c>--noise-share</c>.</summary>
public sealed class NoiseOptionsTests
{
    [Fact]
    public void A_ward_has_low_noise_on_every_bed_unless_told_otherwise()
    {
        var options = SimulatorOptionsParser.Parse([]).Options!;

        Assert.Equal((NoiseLevel.Low, 100), (options.Noise, options.NoiseShare));
        Assert.All(Enumerable.Range(1, options.Beds), bed => Assert.NotNull(SignalNoise.ForBed(options, bed, new NoiseCounters())));
    }

    [Fact]
    public void High_noise_on_half_the_ward_goes_to_every_second_bed()
    {
        var options = SimulatorOptionsParser.Parse(["--noise", "HIGH", "--noise-share=50", "--beds", "8"]).Options!;

        var noisy = Enumerable.Range(1, 8).Where(bed => SignalNoise.ForBed(options, bed, new NoiseCounters()) is not null);

        Assert.Equal([2, 4, 6, 8], noisy);
        Assert.Same(NoiseRates.High, SignalNoise.ForBed(options, 2, new NoiseCounters())!.Rates);
        Assert.Equal(4, NoiseShare.Count(8, 50));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(25, 25)]
    [InlineData(33, 33)]
    [InlineData(100, 100)]
    public void A_share_of_beds_gets_noise_spread_evenly(int percent, int noisyOf100)
    {
        var noisy = Enumerable.Range(1, 100).Where(bed => NoiseShare.Includes(bed, percent)).ToList();

        Assert.Equal(noisyOf100, noisy.Count);
        Assert.Equal(noisyOf100, NoiseShare.Count(100, percent));
        Assert.All(noisy.Zip(noisy.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 100 / Math.Max(1, percent), (100 / Math.Max(1, percent)) + 1));
    }

    [Theory]
    [InlineData("--noise", "loud", "Invalid value 'loud' for --noise: expected off, low or high.")]
    [InlineData("--noise-share", "101", "Invalid value '101' for --noise-share: expected a percentage of beds, 0 to 100.")]
    [InlineData("--noise-share", "half", "Invalid value 'half' for --noise-share: expected a percentage of beds, 0 to 100.")]
    public void A_bad_noise_setting_is_refused_naming_the_option(string option, string value, string error)
    {
        var parsed = SimulatorOptionsParser.Parse([option, value]);

        Assert.Null(parsed.Options);
        Assert.Equal(error, parsed.Error);
    }

    [Fact]
    public void The_summary_line_counts_each_kind_of_noise_for_the_nurse_lead()
    {
        var counters = new NoiseCounters();
        var noise = new SignalNoise(NoiseRates.High, TimeSpan.FromSeconds(1), 42, 1, counters);
        foreach (var _ in Enumerable.Range(0, 7200))
        {
            noise.Apply(new VitalSignsSnapshot(78, 97, 15, 120, 80, 36.9));
        }

        Assert.Equal(
            $"noise over 2.00 bed-hours: {counters.MotionArtefacts} motion artefacts ({counters.MotionArtefactsWithImplausibleValue} with an impossible value), {counters.ProbeOffs} probe-offs, {counters.BriefDips} brief SpO2 dips ({counters.BriefDipsPastTheDelay} past the 10 s SpO2 alarm delay)",
            counters.Describe());
        Assert.True(counters is { MotionArtefacts: > 0, ProbeOffs: > 0, BriefDips: > 0 }, counters.Describe());
    }
}
