namespace Monitoring.Simulator.Noise;

/// <summary>The kinds of noise real bedside monitoring has, which the simulator lays over a bed's signal.</summary>
public enum NoiseKind
{
    /// <summary>A few seconds of wild heart rate, pulse rate and SpO2 while the patient moves; sometimes an impossible value.</summary>
    MotionArtefact,

    /// <summary>The SpO2 probe off the finger: batches come without SpO2 and pulse rate for 10–60 s.</summary>
    ProbeOff,

    /// <summary>SpO2 a few points below the low limit for 3–15 s, then back by itself.</summary>
    BriefDip,
}
