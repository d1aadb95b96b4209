namespace Monitoring.Api.Analytics;

/// <summary>
/// A unit's alarm analytics over a period [<see cref="From"/>, <see cref="To"/>): figures for the unit, by
/// priority, kind, condition, bed and day, the ten conditions and beds that raised the most, and the
/// condition × bed × priority cells the CSV export lists. Defined in docs/alarm-analytics.md.
/// </summary>
public sealed record AlarmAnalytics(
    string UnitId,
    DateTimeOffset From,
    DateTimeOffset To,
    int SelfResolvedSeconds,
    double BedDays,
    double? AlarmsPerBedDay,
    AlarmFigures Totals,
    IReadOnlyList<PriorityFigures> ByPriority,
    IReadOnlyList<KindFigures> ByKind,
    IReadOnlyList<ConditionFigures> ByCondition,
    IReadOnlyList<BedFigures> ByBed,
    IReadOnlyList<ConditionFigures> TopConditions,
    IReadOnlyList<BedFigures> TopBeds,
    IReadOnlyList<DayFigures> Days,
    IReadOnlyList<CellFigures> Cells);
