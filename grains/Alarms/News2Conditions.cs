using System.Collections.Immutable;
using Monitoring.News2;

namespace Monitoring.Alarms;

/// <summary>
/// NEWS2 as alarm conditions. The bands form one ladder: a 3 in a single parameter (total under 5) raises
/// a low alarm, the medium band (5-6) a medium one, the high band (7+) a high one; one band alarm at a time.
/// A complete score proves where the patient is; an incomplete one is only a lower bound (missing or stale
/// parameters can only add), so it raises what it proves and never clears a band. When the parameters of
/// the last complete score go stale, <c>news2-overdue</c> says observations are due at the RCP frequency.
/// </summary>
public static class News2Conditions
{
    public const string HighCode = "news2-high";
    public const string MediumCode = "news2-medium";
    public const string SingleParameterCode = "news2-single-3";
    public const string OverdueCode = "news2-overdue";
    public const string Ladder = "news2";

    private static readonly (string Code, AlarmPriority Priority)[] Bands =
        [(SingleParameterCode, AlarmPriority.Low), (MediumCode, AlarmPriority.Medium), (HighCode, AlarmPriority.High)];

    /// <summary>The band ladder's tiers by code (their thresholds are the score's, not a vital's), for <see cref="AlarmEngine.IsQuiet(string, ImmutableArray{AlarmLimit})"/>.</summary>
    public static ImmutableArray<AlarmLimit> BandTiers { get; } =
        [.. Bands.Select(b => new AlarmLimit(b.Code, LimitSide.High, 0, b.Priority, TimeSpan.Zero, 0))];

    /// <summary>The band ladder, from a single 3 to the high band.</summary>
    public static IReadOnlyList<ConditionObservation> From(News2Tally score, DateTimeOffset observedAt, TimeSpan conditionDelay)
    {
        var proven = ProvenRank(score);
        var observations = new ConditionObservation[Bands.Length];
        for (var rank = 0; rank < Bands.Length; rank++)
        {
            var (code, priority) = Bands[rank];
            observations[rank] = new ConditionObservation(code, code, AlarmKind.Physiological, priority,
                rank <= proven ? ConditionStatus.Breaching : score.Complete ? ConditionStatus.Clear : ConditionStatus.Undetermined,
                score.Total, observedAt, conditionDelay, "news2", Ladder: Ladder, Rank: rank);
        }

        return observations;
    }

    /// <summary>
    /// Observations overdue: a parameter of the last complete score has gone stale. Medium after a band that
    /// asks for hourly or continuous monitoring (a single 3, 5 or more), low otherwise; never high, so that it
    /// ends by itself with fresh observations (the band's own alarm is what latches and escalates). Its detail
    /// is the RCP monitoring frequency.
    /// </summary>
    public static ConditionObservation Overdue(News2Tally score, bool overdue, News2Band? lastCompleteBand, DateTimeOffset observedAt)
    {
        var priority = lastCompleteBand is News2Band.High or News2Band.Medium or News2Band.LowMedium ? AlarmPriority.Medium : AlarmPriority.Low;
        return new ConditionObservation(OverdueCode, OverdueCode, AlarmKind.Technical, priority,
            overdue ? ConditionStatus.Breaching : ConditionStatus.Clear, score.Total, observedAt, TimeSpan.Zero, "news2",
            Detail: lastCompleteBand is { } band ? News2Calculator.MonitoringFrequency(band) : null);
    }

    /// <summary>The highest band rank the score proves: 2 high, 1 medium, 0 a single 3, −1 none.</summary>
    private static int ProvenRank(News2Tally score) => score.Total switch
    {
        >= 7 => 2,
        >= 5 => 1,
        _ when score.AnySingleParameterThree => 0,
        _ => -1,
    };

    /// <summary>Whether the score proves a band: a single 3, or a total of 5 or more.</summary>
    public static bool ProvesBand(News2Tally score) => ProvenRank(score) >= 0;
}
