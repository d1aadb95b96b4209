using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Simulator.Noise;

/// <summary>
/// Lays bedside noise over one bed's finished samples: motion artefacts, probe-offs and brief SpO2 dips
/// (<see cref="NoiseKind"/>), one at a time, each starting at its <see cref="NoiseRates"/> per bed-hour. A bed with
/// noise wears a pulse oximeter, so its samples carry the oximeter's pulse rate beside the ECG heart rate (and lose
/// both SpO2 and pulse rate while the probe is off). Counts in samples, not on a clock, and draws from its own
/// seeded <see cref="Random"/>: the same seed and bed give the same noise, and the signal between events is exactly
/// the scenario's.
/// </summary>
public sealed class SignalNoise
{
    public static readonly TimeSpan ShortestMotion = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LongestMotion = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan ShortestProbeOff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan LongestProbeOff = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ShortestDip = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan LongestDip = TimeSpan.FromSeconds(15);

    /// <summary>A dip sits 2 to this many points below the low limit (give or take one, never at or above it).</summary>
    public const int DeepestDip = 6;

    /// <summary>An impossible heart rate: the ECG counting motion as beats, past the 350/min any patient can have.</summary>
    public const int LowestImplausibleHeartRate = 360;
    public const int HighestImplausibleHeartRate = 400;

    // The adult defaults, so a dip means what the engine makes of it: below the ordinary low limit (a medium alarm
    // after the condition delay), above the desaturation tier (a high alarm at once).
    private static readonly AlarmRule SpO2Rule = AlarmRuleSet.AdultDefaults.Single(r => r.Sign == VitalSign.SpO2);

    // Motion stays short of the high-priority tiers (desaturation 80 %, extreme tachycardia 150/min): a high alarm
    // latches until someone acknowledges it, nobody does in a simulated ward, and while it stands it is the one alarm
    // of its sign's ladder, so every later SpO2 (or heart-rate) alarm of the bed would go unseen by the analytics.
    // (A value at a limit does not breach it.)
    private static readonly int LowestMotionSpO2 = (int)FirstHighPriorityLimit(VitalSign.SpO2, LimitSide.Low);
    private static readonly int HighestMotionHeartRate = (int)FirstHighPriorityLimit(VitalSign.HeartRate, LimitSide.High);

    private readonly Random _random;
    private readonly TimeSpan _interval;
    private readonly NoiseCounters _counters;
    private readonly (NoiseKind Kind, double Chance)[] _starts;
    private NoiseEpisode? _episode;
    private bool _justEnded;

    /// <param name="interval">The time between two samples, which turns the events' lengths and rates into samples.</param>
    public SignalNoise(NoiseRates rates, TimeSpan interval, int seed, int bed, NoiseCounters counters)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        // Apart from the vitals model's stream (seed * 7919 + bed), so noise never changes the signal under it.
        _random = new Random(unchecked((seed * 104_729) + bed));
        (_interval, _counters) = (interval, counters);
        _starts = StartChances(rates, interval);
        Rates = rates;
    }

    /// <summary>The noise of one bed of a run; <see langword="null"/> when noise is off or the bed is not in its share.</summary>
    public static SignalNoise? ForBed(SimulatorOptions options, int bed, NoiseCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        return NoiseRates.For(options.Noise) is { } rates && NoiseShare.Includes(bed, options.NoiseShare)
            ? new SignalNoise(rates, options.Interval, options.Seed, bed, counters)
            : null;
    }

    /// <summary>The SpO2 low limit of the adult defaults (90 %): dips go a few points below it.</summary>
    public static double SpO2LowLimit => SpO2Rule.Low!.Value;

    /// <summary>How long SpO2 must stay below its limit before it alarms (10 s): dips are either side of it.</summary>
    public static TimeSpan SpO2ConditionDelay => SpO2Rule.ConditionDelay;

    public NoiseRates Rates { get; }

    /// <summary>The sample as the monitor sends it: with the oximeter's pulse rate, and any noise under way.</summary>
    public VitalSignsSnapshot Apply(VitalSignsSnapshot sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _counters.RecordSample(_interval);
        // One draw a sample, event or not, so the schedule stays in step with the samples.
        var draw = _random.NextDouble();
        // At least one clean sample between two events, so each is seen (and counted) on its own.
        _episode ??= _justEnded ? null : Start(draw);
        _justEnded = false;
        var clean = sample with { PulseRate = sample.HeartRate };
        if (_episode is not { } episode)
        {
            return clean;
        }

        var index = episode.TakeSample();
        if (episode.IsOver)
        {
            (_episode, _justEnded) = (null, true);
        }

        return episode.Kind switch
        {
            NoiseKind.MotionArtefact => Motion(clean, index == episode.ImplausibleSample),
            NoiseKind.ProbeOff => clean with { SpO2 = null, PulseRate = null },
            NoiseKind.BriefDip => clean with { SpO2 = Dip(clean.SpO2, episode.DipSpO2) },
            _ => clean,
        };
    }

    private NoiseEpisode? Start(double draw)
    {
        foreach (var (kind, chance) in _starts)
        {
            if (draw >= chance)
            {
                draw -= chance;
                continue;
            }

            var episode = kind switch
            {
                NoiseKind.MotionArtefact => MotionEpisode(),
                NoiseKind.ProbeOff => new NoiseEpisode(kind, Samples(ShortestProbeOff, LongestProbeOff), -1, 0),
                _ => DipEpisode(),
            };
            _counters.RecordStarted(episode, pastTheDelay: kind == NoiseKind.BriefDip && episode.Samples * _interval > SpO2ConditionDelay);
            return episode;
        }

        return null;
    }

    private NoiseEpisode MotionEpisode()
    {
        var samples = Samples(ShortestMotion, LongestMotion);
        var implausible = _random.NextDouble() < Rates.ImplausibleShare ? _random.Next(samples) : -1;
        return new NoiseEpisode(NoiseKind.MotionArtefact, samples, implausible, 0);
    }

    private NoiseEpisode DipEpisode()
    {
        var samples = Samples(ShortestDip, LongestDip);
        // A dip the length of the delay could alarm or not, as the next sample and the engine's timer race: one
        // sample longer, it is plainly past the delay.
        if (((samples * _interval) - SpO2ConditionDelay).Duration() * 2 < _interval)
        {
            samples++;
        }

        var level = (int)SpO2LowLimit - _random.Next(2, DeepestDip + 1);
        return new NoiseEpisode(NoiseKind.BriefDip, samples, -1, level);
    }

    // The ECG and the oximeter both read the movement: heart rate and pulse rate jump, SpO2 drops.
    private VitalSignsSnapshot Motion(VitalSignsSnapshot sample, bool implausible)
    {
        var heartRate = implausible
            ? _random.Next(LowestImplausibleHeartRate, HighestImplausibleHeartRate + 1)
            : Math.Min(HighestMotionHeartRate, sample.HeartRate + _random.Next(25, 71));
        var pulseRate = Math.Min(HighestMotionHeartRate, sample.HeartRate + _random.Next(20, 81));
        var drop = _random.Next(6, 21);
        return sample with
        {
            HeartRate = Math.Max(sample.HeartRate, heartRate),
            PulseRate = Math.Max(sample.HeartRate, pulseRate),
            SpO2 = sample.SpO2 is { } spO2 ? Math.Min(spO2, Math.Max(LowestMotionSpO2, spO2 - drop)) : null,
        };
    }

    private int? Dip(int? spO2, int level)
    {
        var limit = (int)SpO2LowLimit;
        var value = Math.Clamp(level + _random.Next(-1, 2), limit - DeepestDip - 1, limit - 1);
        return spO2 is { } clean ? Math.Min(clean, value) : null;
    }

    private int Samples(TimeSpan shortest, TimeSpan longest)
    {
        var length = shortest + ((longest - shortest) * _random.NextDouble());
        return Math.Max(1, (int)Math.Round(length / _interval, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// The chance of each kind starting at a sample with nothing under way. Events only start between events, so each
    /// starts at its rate per hour of free time, r / (1 - busy share): over all the time, that is its rate per hour.
    /// An event keeps the bed busy for its length and the clean sample after it.
    /// </summary>
    private static (NoiseKind, double)[] StartChances(NoiseRates rates, TimeSpan interval)
    {
        var busy = ((rates.MotionArtefactsPerHour * (Mean(ShortestMotion, LongestMotion) + interval))
            + (rates.ProbeOffsPerHour * (Mean(ShortestProbeOff, LongestProbeOff) + interval))
            + (rates.BriefDipsPerHour * (Mean(ShortestDip, LongestDip) + interval))) / TimeSpan.FromHours(1);
        if (busy >= 0.9)
        {
            throw new ArgumentOutOfRangeException(nameof(rates), rates, "The noise rates leave a bed noisy nine tenths of the time or more.");
        }

        return [.. Enum.GetValues<NoiseKind>().Select(kind =>
            (kind, 1 - Math.Exp(-rates.PerHour(kind) / (1 - busy) * (interval / TimeSpan.FromHours(1)))))];
    }

    private static double FirstHighPriorityLimit(VitalSign sign, LimitSide side) =>
        AlarmRuleSet.AdultDefaults.Single(r => r.Sign == sign).Ladder(side).First(l => l.Priority == AlarmPriority.High).Threshold;

    private static TimeSpan Mean(TimeSpan shortest, TimeSpan longest) => (shortest + longest) / 2;
}
