namespace Monitoring.Simulator.Noise;

/// <summary>How much bedside noise (<see cref="NoiseKind"/>) the simulator lays over its beds' signals: <c>--noise</c>.</summary>
public enum NoiseLevel
{
    /// <summary>None: every bed sends its scenario's signal, as before noise existed.</summary>
    Off,

    /// <summary>About what a monitored ward bed sees in an hour (<see cref="NoiseRates.Low"/>); the default.</summary>
    Low,

    /// <summary>Ten times <see cref="Low"/>: for demonstrations and tests that need events within minutes.</summary>
    High,
}
