namespace Monitoring.News2;

/// <summary>One of the seven physiological parameters of NEWS2, in the order of the RCP chart.</summary>
[GenerateSerializer, Alias("monitoring.news2-parameter")]
public enum News2Parameter
{
    RespirationRate = 1,
    SpO2 = 2,
    AirOrOxygen = 3,
    SystolicPressure = 4,
    Pulse = 5,
    Consciousness = 6,
    Temperature = 7,
}
