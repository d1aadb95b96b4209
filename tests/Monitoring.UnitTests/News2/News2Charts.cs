using Monitoring.News2;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.News2;

/// <summary>Inputs for NEWS2 tests: an all-normal patient, observed just now, and ways to change one parameter.</summary>
internal static class News2Charts
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(30);

    public static readonly DateTimeOffset StaleAt = Now - MaxAge - TimeSpan.FromSeconds(1);

    /// <summary>RR 16, SpO2 97 (scale 1), air, systolic 120, pulse 70, alert, 37.0 °C: every parameter scores 0.</summary>
    public static News2Inputs Normal { get; } = new(
        RespirationRate: Fresh(16.0),
        SpO2: Fresh(97.0),
        OnOxygen: Fresh(false),
        SystolicPressure: Fresh(120.0),
        Pulse: Fresh(70.0),
        Consciousness: Fresh(Consciousness.Alert),
        Temperature: Fresh(37.0),
        SpO2Scale: 1);

    public static Measured<T> Fresh<T>(T value) => new(value, Now);

    public static News2Result Score(News2Inputs inputs) => News2Calculator.Calculate(inputs, Now, MaxAge);

    public static News2ParameterScore Of(this News2Result result, News2Parameter parameter) =>
        Assert.Single(result.Parameters, p => p.Parameter == parameter);

    /// <summary>The normal inputs with one parameter's observation changed to <paramref name="at"/>, or removed when null.</summary>
    public static News2Inputs WithObservedAt(this News2Inputs inputs, News2Parameter parameter, DateTimeOffset? at) => parameter switch
    {
        News2Parameter.RespirationRate => inputs with { RespirationRate = Move(inputs.RespirationRate, at) },
        News2Parameter.SpO2 => inputs with { SpO2 = Move(inputs.SpO2, at) },
        News2Parameter.AirOrOxygen => inputs with { OnOxygen = Move(inputs.OnOxygen, at) },
        News2Parameter.SystolicPressure => inputs with { SystolicPressure = Move(inputs.SystolicPressure, at) },
        News2Parameter.Pulse => inputs with { Pulse = Move(inputs.Pulse, at) },
        News2Parameter.Consciousness => inputs with { Consciousness = Move(inputs.Consciousness, at) },
        News2Parameter.Temperature => inputs with { Temperature = Move(inputs.Temperature, at) },
        _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
    };

    private static Measured<T>? Move<T>(Measured<T>? measured, DateTimeOffset? at) where T : struct =>
        at is { } when && measured is { } m ? m with { At = when } : null;
}
