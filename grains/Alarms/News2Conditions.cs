using Monitoring.News2;

namespace Monitoring.Alarms;

/// <summary>
/// NEWS2 bands as alarm conditions: the medium band (5-6) raises a medium alarm, the high band (7+) a
/// high one, a 3 in a single parameter (total under 5) a low one. An incomplete score is a lower
/// bound (missing parameters can only add), so it raises what it already proves.
/// </summary>
public static class News2Conditions
{
    public const string HighCode = "news2-high";
    public const string MediumCode = "news2-medium";
    public const string SingleParameterCode = "news2-single-3";

    public static IEnumerable<ConditionObservation> From(News2Result score, DateTimeOffset observedAt, TimeSpan conditionDelay)
    {
        var high = score.Score >= 7;
        var medium = score.Score is >= 5 and < 7;
        var single = score.AnySingleParameterThree && score.Score < 5;
        yield return Observation(HighCode, AlarmPriority.High, high, score.Score, observedAt, conditionDelay);
        yield return Observation(MediumCode, AlarmPriority.Medium, medium, score.Score, observedAt, conditionDelay);
        yield return Observation(SingleParameterCode, AlarmPriority.Low, single, score.Score, observedAt, conditionDelay);
    }

    private static ConditionObservation Observation(string code, AlarmPriority priority, bool breaching, int value, DateTimeOffset at, TimeSpan delay) =>
        new(code, code, AlarmKind.Physiological, priority, breaching ? ConditionStatus.Breaching : ConditionStatus.Clear, value, at, delay, "news2");
}
