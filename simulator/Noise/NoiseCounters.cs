using System.Globalization;

namespace Monitoring.Simulator.Noise;

/// <summary>
/// Thread-safe counts of the noise events every bed's <see cref="SignalNoise"/> produced, and how long noisy beds
/// were measured, for the run's summary: what a nurse lead compares with the alarm analytics.
/// </summary>
public sealed class NoiseCounters
{
    private long _motionArtefacts;
    private long _implausible;
    private long _probeOffs;
    private long _dips;
    private long _dipsPastDelay;
    private long _noisyTicks;

    public long MotionArtefacts => Interlocked.Read(ref _motionArtefacts);

    /// <summary>Motion artefacts with a value no living patient has: each a technical <c>sensor-fault</c> alarm.</summary>
    public long MotionArtefactsWithImplausibleValue => Interlocked.Read(ref _implausible);

    public long ProbeOffs => Interlocked.Read(ref _probeOffs);

    public long BriefDips => Interlocked.Read(ref _dips);

    /// <summary>Dips that outlast the SpO2 condition delay: each a short SpO2 alarm that ends by itself.</summary>
    public long BriefDipsPastTheDelay => Interlocked.Read(ref _dipsPastDelay);

    /// <summary>Time measured on beds with noise, in all.</summary>
    public TimeSpan NoisyBedTime => TimeSpan.FromTicks(Interlocked.Read(ref _noisyTicks));

    public long Count(NoiseKind kind) => kind switch
    {
        NoiseKind.MotionArtefact => MotionArtefacts,
        NoiseKind.ProbeOff => ProbeOffs,
        NoiseKind.BriefDip => BriefDips,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known kind of noise."),
    };

    public void RecordSample(TimeSpan interval) => Interlocked.Add(ref _noisyTicks, interval.Ticks);

    public void RecordStarted(NoiseEpisode episode, bool pastTheDelay)
    {
        ArgumentNullException.ThrowIfNull(episode);
        switch (episode.Kind)
        {
            case NoiseKind.MotionArtefact:
                Interlocked.Increment(ref _motionArtefacts);
                if (episode.HasImplausibleValue)
                {
                    Interlocked.Increment(ref _implausible);
                }

                break;
            case NoiseKind.ProbeOff:
                Interlocked.Increment(ref _probeOffs);
                break;
            case NoiseKind.BriefDip:
                Interlocked.Increment(ref _dips);
                if (pastTheDelay)
                {
                    Interlocked.Increment(ref _dipsPastDelay);
                }

                break;
        }
    }

    /// <summary>
    /// One line, e.g. <c>noise over 2.0 bed-hours: 9 motion artefacts (2 with an impossible value), 2 probe-offs,
    /// 6 brief SpO2 dips (3 past the 10 s SpO2 alarm delay)</c>.
    /// </summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"noise over {NoisyBedTime.TotalHours:0.00} bed-hours: {MotionArtefacts} motion artefacts ({MotionArtefactsWithImplausibleValue} with an impossible value), {ProbeOffs} probe-offs, {BriefDips} brief SpO2 dips ({BriefDipsPastTheDelay} past the {SignalNoise.SpO2ConditionDelay.TotalSeconds:0} s SpO2 alarm delay)");
}
