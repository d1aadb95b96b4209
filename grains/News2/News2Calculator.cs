using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.News2;

/// <summary>
/// The National Early Warning Score 2, as charted in RCP NEWS2 (2017). The chart's bands are whole numbers
/// (temperature in tenths); a value between two chart values (RR 20.5, SpO2 95.5, 38.05 °C) scores the worse
/// of the two bands it lies between, never the kinder one. A parameter with no value (or a non-finite one) is
/// missing, one older than the allowed age is stale, and neither counts towards the score; the band is given
/// only when all seven parameters are scored.
/// </summary>
public static class News2Calculator
{
    /// <summary>Scores <paramref name="inputs"/> as of <paramref name="now"/>; values older than <paramref name="maxAge"/> are stale.</summary>
    public static News2Result Calculate(in News2Inputs inputs, DateTimeOffset now, TimeSpan maxAge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);
        if (inputs.SpO2Scale is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs.SpO2Scale, "SpO2Scale must be 1 or 2.");
        }

        if (inputs.Consciousness is { } consciousness && !Enum.IsDefined(consciousness.Value))
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), consciousness.Value, "Consciousness is not an ACVPU level.");
        }

        var parameters = ImmutableArray.CreateBuilder<News2ParameterScore>(Parameters.Length);
        var tally = Score(inputs, now, maxAge, parameters);
        return new News2Result(tally.Total, tally.Complete, tally.Band, tally.AnySingleParameterThree, parameters.MoveToImmutable(), inputs.SpO2Scale);
    }

    /// <summary>
    /// What <see cref="Calculate"/> would say of the score as a whole, without the parameters: what the alarm engine reads
    /// for every reading.
    /// </summary>
    public static News2Tally Tally(in News2Inputs inputs, DateTimeOffset now, TimeSpan maxAge) =>
        Score(inputs, now, maxAge, parameters: null);

    /// <summary>Scores every parameter, adding each to <paramref name="parameters"/> when given, and sums them up.</summary>
    private static News2Tally Score(in News2Inputs inputs, DateTimeOffset now, TimeSpan maxAge, ImmutableArray<News2ParameterScore>.Builder? parameters)
    {
        bool? onOxygen = IsCurrent(inputs.OnOxygen, now, maxAge) ? inputs.OnOxygen!.Value.Value : null;
        var (total, complete, anyThree, anyStale) = (0, true, false, false);
        foreach (var parameter in Parameters)
        {
            var (value, status, score) = Rate(parameter, inputs, onOxygen, now, maxAge);
            parameters?.Add(new News2ParameterScore(parameter, value, score, status));
            total += score ?? 0;
            complete &= status == News2ParameterStatus.Scored;
            anyThree |= score == 3;
            anyStale |= status == News2ParameterStatus.Stale;
        }

        return new News2Tally(total, complete, anyThree, anyStale);
    }

    private static readonly News2Parameter[] Parameters =
    [
        News2Parameter.RespirationRate, News2Parameter.SpO2, News2Parameter.AirOrOxygen, News2Parameter.SystolicPressure,
        News2Parameter.Pulse, News2Parameter.Consciousness, News2Parameter.Temperature,
    ];

    /// <summary>One parameter of <paramref name="inputs"/>: its value, whether it is scored, missing or stale, and its points.</summary>
    private static (double? Value, News2ParameterStatus Status, int? Score) Rate(
        News2Parameter parameter, in News2Inputs inputs, bool? onOxygen, DateTimeOffset now, TimeSpan maxAge) => parameter switch
    {
        News2Parameter.RespirationRate => Assess(Finite(inputs.RespirationRate), now, maxAge, static v => v, static v => Worse(v, 1, RespirationRateScore)),
        News2Parameter.SpO2 => Assess(Finite(inputs.SpO2), now, maxAge, static v => v, (Scale: inputs.SpO2Scale, OnOxygen: onOxygen),
            static (v, chart) => Worse(v, 1, chart, static (p, chart) => SpO2Score(p, chart.Scale, chart.OnOxygen))),
        News2Parameter.AirOrOxygen => Assess(inputs.OnOxygen, now, maxAge, static o => o ? 1 : 0, AirOrOxygenScore),
        News2Parameter.SystolicPressure => Assess(Finite(inputs.SystolicPressure), now, maxAge, static v => v, static v => Worse(v, 1, SystolicPressureScore)),
        News2Parameter.Pulse => Assess(Finite(inputs.Pulse), now, maxAge, static v => v, static v => Worse(v, 1, PulseScore)),
        News2Parameter.Consciousness => Assess(inputs.Consciousness, now, maxAge, static c => (int)c, ConsciousnessScore),
        _ => Assess(Finite(inputs.Temperature), now, maxAge, static v => v, static v => Worse(v, 10, TemperatureScore)),
    };

    private static (double? Value, News2ParameterStatus Status, int? Score) Scored(double value, int? score) =>
        score is { } points ? (value, News2ParameterStatus.Scored, points) : (value, News2ParameterStatus.Missing, null);

    /// <summary>
    /// The RCP NEWS2 (2017) clinical risk band: zero (0), low (1–4), low-medium (a 3 in any single parameter
    /// and a total under 5), medium (5–6), high (7 or more).
    /// </summary>
    public static News2Band BandOf(int total, bool anySingleParameterThree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        return total switch
        {
            0 => News2Band.Zero,
            >= 7 => News2Band.High,
            >= 5 => News2Band.Medium,
            _ when anySingleParameterThree => News2Band.LowMedium,
            _ => News2Band.Low,
        };
    }

    /// <summary>Respiration rate (per minute): ≤8 → 3; 9–11 → 1; 12–20 → 0; 21–24 → 2; ≥25 → 3.</summary>
    private static int? RespirationRateScore(double perMinute) => perMinute switch
    {
        <= 8 => 3,
        <= 11 => 1,
        <= 20 => 0,
        <= 24 => 2,
        _ => 3,
    };

    private static int? SpO2Score(double percent, int scale, bool? onOxygen) =>
        scale == 1 ? SpO2Scale1Score(percent) : SpO2Scale2Score(percent, onOxygen);

    /// <summary>SpO2 scale 1 (%): ≤91 → 3; 92–93 → 2; 94–95 → 1; ≥96 → 0.</summary>
    private static int SpO2Scale1Score(double percent) => percent switch
    {
        <= 91 => 3,
        <= 93 => 2,
        <= 95 => 1,
        _ => 0,
    };

    /// <summary>
    /// SpO2 scale 2 (%), for hypercapnic respiratory failure: ≤83 → 3; 84–85 → 2; 86–87 → 1; 88–92 → 0;
    /// ≥93 on air → 0; on oxygen 93–94 → 1, 95–96 → 2, ≥97 → 3. Null (not scorable) when 93 or more and
    /// air or oxygen is not known.
    /// </summary>
    private static int? SpO2Scale2Score(double percent, bool? onOxygen) => percent switch
    {
        <= 83 => 3,
        <= 85 => 2,
        <= 87 => 1,
        <= 92 => 0,
        _ => onOxygen switch
        {
            null => null,
            false => 0,
            true => percent switch
            {
                <= 94 => 1,
                <= 96 => 2,
                _ => 3,
            },
        },
    };

    /// <summary>Air or oxygen: oxygen → 2; air → 0.</summary>
    private static int? AirOrOxygenScore(bool onOxygen) => onOxygen ? 2 : 0;

    /// <summary>Systolic blood pressure (mmHg): ≤90 → 3; 91–100 → 2; 101–110 → 1; 111–219 → 0; ≥220 → 3.</summary>
    private static int? SystolicPressureScore(double mmHg) => mmHg switch
    {
        <= 90 => 3,
        <= 100 => 2,
        <= 110 => 1,
        <= 219 => 0,
        _ => 3,
    };

    /// <summary>Pulse (per minute): ≤40 → 3; 41–50 → 1; 51–90 → 0; 91–110 → 1; 111–130 → 2; ≥131 → 3.</summary>
    private static int? PulseScore(double perMinute) => perMinute switch
    {
        <= 40 => 3,
        <= 50 => 1,
        <= 90 => 0,
        <= 110 => 1,
        <= 130 => 2,
        _ => 3,
    };

    /// <summary>Consciousness (ACVPU): alert → 0; new confusion, voice, pain or unresponsive → 3.</summary>
    private static int? ConsciousnessScore(Consciousness level) => level == Consciousness.Alert ? 0 : 3;

    /// <summary>Temperature (°C): ≤35.0 → 3; 35.1–36.0 → 1; 36.1–38.0 → 0; 38.1–39.0 → 1; ≥39.1 → 2.</summary>
    private static int? TemperatureScore(double celsius) => celsius switch
    {
        <= 35.0 => 3,
        <= 36.0 => 1,
        <= 38.0 => 0,
        <= 39.0 => 1,
        _ => 2,
    };

    private static (double? Value, News2ParameterStatus Status, int? Score) Assess<T>(
        Measured<T>? input,
        DateTimeOffset now,
        TimeSpan maxAge,
        Func<T, double> valueOf,
        Func<T, int?> score) =>
        Assess(input, now, maxAge, valueOf, score, static (value, score) => score(value));

    /// <summary>As the other, with what the score needs besides the value passed along (no closure made per scoring).</summary>
    private static (double? Value, News2ParameterStatus Status, int? Score) Assess<T, TState>(
        Measured<T>? input,
        DateTimeOffset now,
        TimeSpan maxAge,
        Func<T, double> valueOf,
        TState state,
        Func<T, TState, int?> score)
    {
        if (input is not { } measured)
        {
            return (null, News2ParameterStatus.Missing, null);
        }

        var value = valueOf(measured.Value);
        if (!IsCurrent(input, now, maxAge))
        {
            return (value, News2ParameterStatus.Stale, null);
        }

        return Scored(value, score(measured.Value, state));
    }

    private static bool IsCurrent<T>(Measured<T>? input, DateTimeOffset now, TimeSpan maxAge) =>
        input is { } measured && now - measured.At <= maxAge;

    /// <summary>A non-finite value counts as missing.</summary>
    private static Measured<double>? Finite(Measured<double>? input) => input is { } m && double.IsFinite(m.Value) ? m : null;

    /// <summary>
    /// Scores a value on a chart drawn in steps of 1/<paramref name="perUnit"/> (1 for whole numbers, 10 for tenths):
    /// a value on a chart value scores that value; one between two chart values scores the worse of the two.
    /// Computed in decimal, so that 38.1 is the chart's 38.1 and not 38.1000000001. Magnitudes beyond decimal's
    /// range have no chart values around them and are scored as they are.
    /// </summary>
    private static int? Worse(double value, int perUnit, Func<double, int?> score) =>
        Worse(value, perUnit, score, static (value, score) => score(value));

    /// <summary>As the other, with what the score needs besides the value passed along (no closure made per scoring).</summary>
    private static int? Worse<TState>(double value, int perUnit, TState state, Func<double, TState, int?> score)
    {
        // A whole number on a chart of whole numbers is a chart value (exactly, in double too): no decimal needed.
        if (Math.Abs(value) >= 1e15 || (perUnit == 1 && value == Math.Floor(value)))
        {
            return score(value, state);
        }

        // The chart values either side are whole numbers of steps; dividing those in double gives the double nearest each.
        var scaled = (decimal)value * perUnit;
        var (below, above) = ((double)Math.Floor(scaled) / perUnit, (double)Math.Ceiling(scaled) / perUnit);
        return (score(below, state), score(above, state)) switch
        {
            ({ } a, { } b) => Math.Max(a, b),
            _ => null,
        };
    }

    /// <summary>
    /// The RCP NEWS2 (2017) minimum monitoring frequency of a band: 0 → 12-hourly; 1–4 → 4–6-hourly;
    /// a 3 in a single parameter → hourly; 5–6 → hourly; 7 or more → continuous.
    /// </summary>
    public static string MonitoringFrequency(News2Band band) => band switch
    {
        News2Band.Zero => "12-hourly",
        News2Band.Low => "4-6-hourly",
        News2Band.LowMedium or News2Band.Medium => "hourly",
        _ => "continuous",
    };
}
