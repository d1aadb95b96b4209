namespace Monitoring.Vitals;

/// <summary>A vital sign the system understands, whatever code a device used for it.</summary>
[GenerateSerializer, Alias("monitoring.vital-sign")]
public enum VitalSign
{
    HeartRate = 1,
    PulseRate = 2,
    SpO2 = 3,
    RespirationRate = 4,
    SystolicPressure = 5,
    DiastolicPressure = 6,
    MeanArterialPressure = 7,
    Temperature = 8,

    /// <summary>ACVPU, entered by a nurse; the value is a <see cref="Vitals.Consciousness"/>.</summary>
    Consciousness = 9,

    /// <summary>Whether the patient is on supplemental oxygen, entered by a nurse; 1 for oxygen, 0 for air.</summary>
    SupplementalOxygen = 10,
}
