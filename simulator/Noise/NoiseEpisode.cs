namespace Monitoring.Simulator.Noise;

/// <summary>
/// One noise event on one bed, as long as it lasts: its kind, how many samples it covers, the sample (if any) that
/// carries an impossible value, and for a dip the SpO2 it sits at.
/// </summary>
public sealed class NoiseEpisode(NoiseKind kind, int samples, int implausibleSample, int dipSpO2)
{
    private int _taken;

    public NoiseKind Kind { get; } = kind;

    /// <summary>How many consecutive samples it covers.</summary>
    public int Samples { get; } = samples;

    /// <summary>The index of the sample with an impossible heart rate; -1 for none.</summary>
    public int ImplausibleSample { get; } = implausibleSample;

    /// <summary>For a dip, the SpO2 its samples sit around; 0 otherwise.</summary>
    public int DipSpO2 { get; } = dipSpO2;

    public bool HasImplausibleValue => ImplausibleSample >= 0;

    public bool IsOver => _taken >= Samples;

    /// <summary>The index of the next sample, counting it taken.</summary>
    public int TakeSample() => _taken++;
}
