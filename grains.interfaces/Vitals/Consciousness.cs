namespace Monitoring.Vitals;

/// <summary>Level of consciousness on the ACVPU scale (alert, new confusion, voice, pain, unresponsive).</summary>
[GenerateSerializer, Alias("monitoring.consciousness")]
public enum Consciousness
{
    Alert = 1,
    NewConfusion = 2,
    Voice = 3,
    Pain = 4,
    Unresponsive = 5,
}
