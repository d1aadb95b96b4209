using Monitoring.Simulator;
using Monitoring.Simulator.Noise;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Simulator.Noise;

/// <summary>The bedside noise one bed's monitor sends, from a fixed seed, sample by sample at one a second.</summary>
public sealed class SignalNoiseTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly VitalSignsSnapshot Clean = new(78, 97, 15, 120, 80, 36.9);

    [Theory]
    [InlineData(NoiseLevel.Low, 400)]
    [InlineData(NoiseLevel.High, 40)]
    public void Each_kind_of_noise_starts_at_about_its_rate_per_bed_hour(NoiseLevel level, int bedHours)
    {
        var rates = NoiseRates.For(level)!;
        var counters = new NoiseCounters();
        var noise = new SignalNoise(rates, Second, seed: 42, bed: 1, counters);

        Run(noise, TimeSpan.FromHours(bedHours));

        Assert.Equal(TimeSpan.FromHours(bedHours), counters.NoisyBedTime);
        foreach (var kind in Enum.GetValues<NoiseKind>())
        {
            var expected = rates.PerHour(kind) * bedHours;
            Assert.InRange(counters.Count(kind), expected * 0.85, expected * 1.15);
        }

        var implausible = counters.MotionArtefactsWithImplausibleValue / (double)counters.MotionArtefacts;
        Assert.InRange(implausible, rates.ImplausibleShare - 0.05, rates.ImplausibleShare + 0.05);
    }

    [Fact]
    public void A_brief_dip_holds_SpO2_a_few_points_under_the_low_limit_for_3_to_15_s_some_shorter_than_the_alarm_delay_and_some_longer()
    {
        var counters = new NoiseCounters();
        var noise = new SignalNoise(new NoiseRates(0, 0, BriefDipsPerHour: 60, 0), Second, seed: 7, bed: 3, counters);

        var dips = Episodes(Run(noise, TimeSpan.FromHours(10)), s => s.SpO2 < 90);

        Assert.Equal(90, SignalNoise.SpO2LowLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), SignalNoise.SpO2ConditionDelay);
        Assert.Equal(counters.BriefDips, dips.Count);
        Assert.All(dips, dip =>
        {
            Assert.InRange(dip.Count, 3, 15);
            // Under the 90 % limit, above the 80 % desaturation tier that would alarm at once.
            Assert.All(dip, s => Assert.InRange(s.SpO2!.Value, 83, 89));
            Assert.All(dip, s => Assert.Equal(Clean with { SpO2 = s.SpO2, PulseRate = Clean.HeartRate }, s));
        });
        Assert.DoesNotContain(dips, dip => dip.Count == 10);
        Assert.Contains(dips, dip => dip.Count < 10);
        Assert.Equal(dips.Count(dip => dip.Count > 10), counters.BriefDipsPastTheDelay);
        Assert.InRange(counters.BriefDipsPastTheDelay, dips.Count / 4, dips.Count / 2);
    }

    [Fact]
    public void A_probe_off_drops_exactly_SpO2_and_pulse_rate_for_10_to_60_s_then_both_come_back()
    {
        var counters = new NoiseCounters();
        var noise = new SignalNoise(new NoiseRates(0, ProbeOffsPerHour: 30, 0, 0), Second, seed: 11, bed: 2, counters);

        var samples = Run(noise, TimeSpan.FromHours(10));
        var probeOffs = Episodes(samples, s => s.SpO2 is null);

        Assert.Equal(counters.ProbeOffs, probeOffs.Count);
        Assert.All(probeOffs, off => Assert.InRange(off.Count, 10, 60));
        Assert.All(samples, s => Assert.Equal(s.SpO2 is null ? Clean with { SpO2 = null } : Clean with { PulseRate = Clean.HeartRate }, s));
        var during = Assert.Single(samples.Where(s => s.SpO2 is null).Distinct());
        Assert.Equal(["hr", "rr", "sbp", "dbp", "temp"], during.ToReadings(DateTimeOffset.UnixEpoch).Select(r => r.Code));
        Assert.Equal(["hr", "pr", "spo2", "rr", "sbp", "dbp", "temp"], samples[0].ToReadings(DateTimeOffset.UnixEpoch).Select(r => r.Code));
    }

    [Fact]
    public void A_motion_artefact_makes_heart_rate_and_pulse_rate_jump_and_SpO2_drop_for_a_few_seconds_a_quarter_of_them_with_an_impossible_heart_rate()
    {
        var counters = new NoiseCounters();
        var noise = new SignalNoise(new NoiseRates(MotionArtefactsPerHour: 60, 0, 0, ImplausibleShare: 0.25), Second, seed: 5, bed: 1, counters);

        var artefacts = Episodes(Run(noise, TimeSpan.FromHours(10)), s => s.HeartRate != Clean.HeartRate);

        var heartRate = VitalSignCatalog.Get(VitalSign.HeartRate);
        Assert.Equal(counters.MotionArtefacts, artefacts.Count);
        Assert.All(artefacts, artefact =>
        {
            Assert.InRange(artefact.Count, 2, 8);
            Assert.InRange(artefact.Count(s => !heartRate.IsPlausible(s.HeartRate)), 0, 1);
            Assert.All(artefact, s =>
            {
                Assert.True(s.HeartRate >= Clean.HeartRate + 25, s.ToString());
                Assert.InRange(s.PulseRate!.Value, Clean.HeartRate + 20, 150);
                Assert.InRange(s.SpO2!.Value, 80, Clean.SpO2!.Value - 6);
                Assert.Equal((Clean.RespiratoryRate, Clean.Systolic, Clean.Diastolic, Clean.Temperature), (s.RespiratoryRate, s.Systolic, s.Diastolic, s.Temperature));
            });
        });
        var impossible = artefacts.Count(a => a.Any(s => !heartRate.IsPlausible(s.HeartRate)));
        Assert.Equal(counters.MotionArtefactsWithImplausibleValue, impossible);
        Assert.InRange(impossible, 1, artefacts.Count / 2);
    }

    [Fact]
    public void Motion_never_reaches_the_desaturation_or_extreme_tachycardia_tiers_whose_high_alarms_latch_until_acknowledged()
    {
        var unwell = new VitalSignsSnapshot(125, 90, 22, 100, 62, 38.2);
        var noise = new SignalNoise(new NoiseRates(MotionArtefactsPerHour: 120, 0, 0, ImplausibleShare: 0.25), Second, seed: 9, bed: 1, new NoiseCounters());

        var samples = Enumerable.Range(0, 36_000).Select(_ => noise.Apply(unwell)).ToList();

        var heartRate = VitalSignCatalog.Get(VitalSign.HeartRate);
        Assert.Contains(samples, s => s.SpO2 == 80);
        Assert.All(samples, s => Assert.InRange(s.SpO2!.Value, 80, 90));
        Assert.Contains(samples, s => s.HeartRate == 150);
        Assert.All(samples.Where(s => heartRate.IsPlausible(s.HeartRate)), s => Assert.InRange(s.HeartRate, 125, 150));
        Assert.All(samples, s => Assert.InRange(s.PulseRate!.Value, 125, 150));
    }

    [Fact]
    public void With_noise_off_every_bed_sends_exactly_its_scenario_s_signal()
    {
        var options = SimulatorOptionsParser.Parse(["--noise", "off", "--scenario", "2=hypoxia,3=noisy"]).Options!;
        var counters = new NoiseCounters();

        foreach (var bed in Enumerable.Range(1, options.Beds))
        {
            Assert.Null(SignalNoise.ForBed(options, bed, counters));
            var quiet = new VitalSignsModel(options.Seed, bed, BedScenario.Create(options.ScenarioFor(bed), options), SignalNoise.ForBed(options, bed, counters));
            var plain = new VitalSignsModel(options.Seed, bed, BedScenario.Create(options.ScenarioFor(bed), options));
            foreach (var second in Enumerable.Range(0, 600).Select(s => TimeSpan.FromSeconds(s)))
            {
                Assert.Equal(plain.Next(second), quiet.Next(second));
            }
        }

        Assert.Equal(TimeSpan.Zero, counters.NoisyBedTime);
    }

    [Fact]
    public void Noise_leaves_the_scenario_s_signal_as_it_was_between_its_events()
    {
        var options = SimulatorOptionsParser.Parse(["--noise", "high", "--scenario", "1=sepsis"]).Options!;
        var noisy = new VitalSignsModel(options.Seed, 1, BedScenario.Create(ScenarioKind.Sepsis, options), SignalNoise.ForBed(options, 1, new NoiseCounters()));
        var plain = new VitalSignsModel(options.Seed, 1, BedScenario.Create(ScenarioKind.Sepsis, options));

        var pairs = Enumerable.Range(0, 3600).Select(s => TimeSpan.FromSeconds(s)).Select(at => (Noisy: noisy.Next(at), Plain: plain.Next(at))).ToList();

        var untouched = pairs.Count(p => p.Noisy == p.Plain with { PulseRate = p.Plain.HeartRate });
        // High noise keeps a bed busy about a quarter of the time.
        Assert.InRange(untouched, 3600 * 0.6, 3600 * 0.9);
        Assert.All(pairs, p => Assert.Equal((p.Plain.RespiratoryRate, p.Plain.Systolic, p.Plain.Temperature), (p.Noisy.RespiratoryRate, p.Noisy.Systolic, p.Noisy.Temperature)));
    }

    [Fact]
    public void The_same_seed_and_bed_give_the_same_noise_and_another_bed_other_noise()
    {
        List<VitalSignsSnapshot> Of(int bed) => Run(new SignalNoise(NoiseRates.High, Second, 42, bed, new NoiseCounters()), TimeSpan.FromHours(1));

        Assert.Equal(Of(4), Of(4));
        Assert.NotEqual(Of(4), Of(5));
    }

    private static List<VitalSignsSnapshot> Run(SignalNoise noise, TimeSpan length) =>
        [.. Enumerable.Range(0, (int)(length / Second)).Select(_ => noise.Apply(Clean))];

    /// <summary>The runs of consecutive samples that match.</summary>
    private static List<List<VitalSignsSnapshot>> Episodes(List<VitalSignsSnapshot> samples, Func<VitalSignsSnapshot, bool> inEpisode)
    {
        var episodes = new List<List<VitalSignsSnapshot>>();
        List<VitalSignsSnapshot>? current = null;
        foreach (var sample in samples)
        {
            if (!inEpisode(sample))
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                current = [];
                episodes.Add(current);
            }

            current.Add(sample);
        }

        return episodes;
    }
}
