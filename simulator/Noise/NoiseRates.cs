namespace Monitoring.Simulator.Noise;

/// <summary>
/// How often each kind of noise starts, per bed-hour, and the share of motion artefacts that carry a value no living
/// patient has (the engine's technical <c>sensor-fault</c>). Where the figures come from is in docs/interoperability.md
/// (Simulator, Noise).
/// </summary>
public sealed record NoiseRates(double MotionArtefactsPerHour, double ProbeOffsPerHour, double BriefDipsPerHour, double ImplausibleShare)
{
    /// <summary>
    /// A ward bed's hour: 8 events, the order of the 187 alarms a bed-day (7.8 an hour) Drew (2014) counted, most of
    /// them from artefact; a quarter of motion artefacts with an impossible value (chosen: no figure found).
    /// </summary>
    public static NoiseRates Low { get; } = new(MotionArtefactsPerHour: 4, ProbeOffsPerHour: 1, BriefDipsPerHour: 3, ImplausibleShare: 0.25);

    /// <summary>Ten times <see cref="Low"/>: about one event every 45 s on each bed.</summary>
    public static NoiseRates High { get; } = new(MotionArtefactsPerHour: 40, ProbeOffsPerHour: 10, BriefDipsPerHour: 30, ImplausibleShare: 0.25);

    /// <summary>The rates of a level; <see langword="null"/> for <see cref="NoiseLevel.Off"/>.</summary>
    public static NoiseRates? For(NoiseLevel level) => level switch
    {
        NoiseLevel.Off => null,
        NoiseLevel.Low => Low,
        NoiseLevel.High => High,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a known noise level."),
    };

    public double PerHour(NoiseKind kind) => kind switch
    {
        NoiseKind.MotionArtefact => MotionArtefactsPerHour,
        NoiseKind.ProbeOff => ProbeOffsPerHour,
        NoiseKind.BriefDip => BriefDipsPerHour,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known kind of noise."),
    };
}
