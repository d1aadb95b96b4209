using Monitoring.Vitals;

namespace Monitoring.News2;

/// <summary>
/// The latest observations a NEWS2 score is calculated from; null where none is known.
/// <see cref="SpO2Scale"/> is 1, or 2 for patients with hypercapnic respiratory failure (RCP NEWS2 (2017)).
/// A value, not an object: the patient's monitor scores NEWS2 at every reading.
/// </summary>
public readonly record struct News2Inputs(
    Measured<double>? RespirationRate,
    Measured<double>? SpO2,
    Measured<bool>? OnOxygen,
    Measured<double>? SystolicPressure,
    Measured<double>? Pulse,
    Measured<Consciousness>? Consciousness,
    Measured<double>? Temperature,
    int SpO2Scale);
