using Monitoring.Vitals;

namespace Monitoring.Api;

/// <summary>ACVPU letters as nurses write them.</summary>
public static class ConsciousnessLetters
{
    public const string All = "A, C, V, P or U";

    public static string Of(Consciousness level) => level switch
    {
        Consciousness.Alert => "A",
        Consciousness.NewConfusion => "C",
        Consciousness.Voice => "V",
        Consciousness.Pain => "P",
        Consciousness.Unresponsive => "U",
        _ => "?",
    };

    public static Consciousness? Parse(string? letter) => letter?.ToUpperInvariant() switch
    {
        "A" => Consciousness.Alert,
        "C" => Consciousness.NewConfusion,
        "V" => Consciousness.Voice,
        "P" => Consciousness.Pain,
        "U" => Consciousness.Unresponsive,
        _ => null,
    };
}
