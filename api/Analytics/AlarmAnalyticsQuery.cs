using Monitoring.Api.Units;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Analytics;

/// <summary>
/// A unit's alarm analytics, computed in PostgreSQL from the alarm history (one row per transition, migrations
/// 0003 and 0009) and the stays (0010). Every figure is defined in docs/alarm-analytics.md; this class holds all
/// of their SQL and the one place a unit is chosen (<see cref="UnitFilter"/>).
/// </summary>
/// <remarks>
/// Bounded and index-friendly: alarm_history is partitioned by occurred_at and every read of it is filtered on it,
/// so only the partitions of the period (and of the follow-up horizon) are read; an alarm's later transitions are
/// found through the (patient_id, alarm_id) index. Stays are one row per admission, read for the unit.
/// </remarks>
public sealed class AlarmAnalyticsQuery(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>How long after the period's end an alarm raised in it is followed for its acknowledgement and its end.</summary>
    public static readonly TimeSpan FollowUpHorizon = TimeSpan.FromHours(24);

    /// <summary>The alarm_history rows of the unit; the one place the unit is chosen ($1).</summary>
    private const string UnitFilter = "unit_id = $1";

    private const string Figures = """
        with raised as (
            select alarm_id, patient_id, bed, kind, code, priority, occurred_at as raised_at
            from alarm_history
            where {unit} and reason = 'raised' and occurred_at >= $2 and occurred_at < $3
        ),
        followed as (
            select r.*, t.first_ack, t.ended_at, t.end_reason
            from raised r
            cross join lateral (
                select min(h.occurred_at) filter (where h.reason = 'acknowledged') as first_ack,
                       min(h.occurred_at) filter (where h.to_state = 'resolved') as ended_at,
                       (array_agg(h.reason order by h.occurred_at, h.entry_id) filter (where h.to_state = 'resolved'))[1] as end_reason
                from alarm_history h
                where h.patient_id = r.patient_id and h.alarm_id = r.alarm_id
                  and h.occurred_at >= r.raised_at and h.occurred_at < $5
            ) t
        ),
        events as (
            select bed, kind, code, priority, date_bin(interval '1 day', raised_at, $2) as day, true as is_raise,
                   coalesce(end_reason = 'resolved' and ended_at <= raised_at + $4 and (first_ack is null or first_ack > ended_at), false) as self_resolved,
                   extract(epoch from first_ack - raised_at)::float8 as ack_seconds,
                   null::text as transition
            from followed
            union all
            select bed, kind, code, priority, date_bin(interval '1 day', occurred_at, $2), false, false, null, reason
            from alarm_history
            where {unit} and reason in ('escalated', 're-alarmed') and occurred_at >= $2 and occurred_at < $3
        )
        select grouping(day, priority, kind, code, bed), day, priority, kind, code, bed,
               (count(*) filter (where is_raise))::int,
               (count(*) filter (where self_resolved))::int,
               count(ack_seconds)::int,
               percentile_cont(0.5) within group (order by ack_seconds),
               percentile_cont(0.9) within group (order by ack_seconds),
               (count(*) filter (where transition = 'escalated'))::int,
               (count(*) filter (where transition = 're-alarmed'))::int
        from events
        group by grouping sets ((), (priority), (kind), (code, kind), (bed), (day), (day, priority), (code, kind, bed, priority))
        """;

    private const string BedDays = """
        select grouping(bed), bed,
               sum(extract(epoch from least(coalesce(discharged_at, $4), $3) - greatest(admitted_at, $2)))::float8 / 86400
        from stays
        where unit_id = $1 and admitted_at < $3 and (discharged_at is null or discharged_at > $2)
          and least(coalesce(discharged_at, $4), $3) > greatest(admitted_at, $2)
        group by grouping sets ((), (bed))
        """;

    // grouping(day, priority, kind, code, bed): a bit per column left out of the set, day the highest.
    private const int Unit = 0b11111;
    private const int ByPriority = 0b10111;
    private const int ByKind = 0b11011;
    private const int ByCondition = 0b11001;
    private const int ByBed = 0b11110;
    private const int ByDay = 0b01111;
    private const int ByDayAndPriority = 0b00111;
    private const int ByCell = 0b10000;

    private static readonly string[] Priorities = ["high", "medium", "low"];

    public async Task<AlarmAnalytics> ReadAsync(string unitId, AnalyticsPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var rows = await FiguresAsync(unitId, period, cancellationToken);
        var (unitBedDays, bedDays) = await BedDaysAsync(unitId, period, cancellationToken);

        var totals = rows.FirstOrDefault(r => r.Set == Unit)?.Figures ?? AlarmFigures.None;
        var byPriority = Priorities.Select(p => new PriorityFigures(p, rows.FirstOrDefault(r => r.Set == ByPriority && r.Priority == p)?.Figures ?? AlarmFigures.None))
            .Concat(rows.Where(r => r.Set == ByPriority && !Priorities.Contains(r.Priority)).Select(r => new PriorityFigures(r.Priority!, r.Figures)))
            .ToList();
        var byKind = rows.Where(r => r.Set == ByKind).OrderBy(r => r.Kind, StringComparer.Ordinal).Select(r => new KindFigures(r.Kind!, r.Figures)).ToList();
        var byCondition = rows.Where(r => r.Set == ByCondition)
            .OrderByDescending(r => r.Figures.Raised).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new ConditionFigures(r.Code!, r.Kind!, r.Figures)).ToList();
        var alarmsByBed = rows.Where(r => r.Set == ByBed).ToDictionary(r => r.Bed!, r => r.Figures, StringComparer.Ordinal);
        var byBed = alarmsByBed.Keys.Union(bedDays.Keys, StringComparer.Ordinal)
            .Select(bed =>
            {
                var days = bedDays.GetValueOrDefault(bed);
                var figures = alarmsByBed.GetValueOrDefault(bed) ?? AlarmFigures.None;
                return new BedFigures(bed, days, PerBedDay(figures.Raised, days), figures);
            })
            .OrderByDescending(b => b.Figures.Raised).ThenBy(b => b.Bed, BedOrder.Instance).ToList();
        // Every day of the period, those without an alarm too (a chart shows them as none, not as missing).
        var byDay = rows.Where(r => r.Set == ByDay).ToDictionary(r => r.Day!.Value, r => r.Figures);
        var days = new List<DayFigures>();
        for (var day = period.From; day < period.To; day = day.AddDays(1))
        {
            days.Add(new DayFigures(day, RaisedOn(rows, day, "high"), RaisedOn(rows, day, "medium"), RaisedOn(rows, day, "low"), byDay.GetValueOrDefault(day) ?? AlarmFigures.None));
        }

        var cells = rows.Where(r => r.Set == ByCell)
            .OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Bed!, BedOrder.Instance).ThenBy(r => Array.IndexOf(Priorities, r.Priority))
            .Select(r => new CellFigures(r.Code!, r.Kind!, r.Bed!, r.Priority!, r.Figures)).ToList();

        return new AlarmAnalytics(
            unitId, period.From, period.To, period.SelfResolvedSeconds, unitBedDays, PerBedDay(totals.Raised, unitBedDays), totals,
            byPriority, byKind, byCondition, byBed,
            [.. byCondition.Where(c => c.Figures.Raised > 0).Take(10)], [.. byBed.Where(b => b.Figures.Raised > 0).Take(10)], days, cells);
    }

    private static double? PerBedDay(int raised, double bedDays) => bedDays > 0 ? raised / bedDays : null;

    private static int RaisedOn(List<Row> rows, DateTimeOffset day, string priority) =>
        rows.FirstOrDefault(r => r.Set == ByDayAndPriority && r.Day == day && r.Priority == priority)?.Figures.Raised ?? 0;

    private async Task<List<Row>> FiguresAsync(string unitId, AnalyticsPeriod period, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Figures.Replace("{unit}", UnitFilter, StringComparison.Ordinal));
        command.Parameters.Add(new NpgsqlParameter { Value = unitId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = period.From.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = period.To.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = TimeSpan.FromSeconds(period.SelfResolvedSeconds), NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = (period.To + FollowUpHorizon).UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Row>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var raised = reader.GetInt32(6);
            var selfResolved = reader.GetInt32(7);
            rows.Add(new Row(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                new AlarmFigures(
                    raised, selfResolved, raised > 0 ? (double)selfResolved / raised : null,
                    reader.GetInt32(8),
                    reader.IsDBNull(9) ? null : reader.GetDouble(9),
                    reader.IsDBNull(10) ? null : reader.GetDouble(10),
                    reader.GetInt32(11), reader.GetInt32(12))));
        }

        return rows;
    }

    /// <summary>The unit's bed-days in the period, and each bed's: the overlap of each stay with the period, in days; an open stay runs to now.</summary>
    private async Task<(double Unit, Dictionary<string, double> Beds)> BedDaysAsync(string unitId, AnalyticsPeriod period, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(BedDays);
        command.Parameters.Add(new NpgsqlParameter { Value = unitId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = period.From.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = period.To.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow().UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var unit = 0d;
        var beds = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var days = reader.IsDBNull(2) ? 0 : reader.GetDouble(2);
            if (reader.GetInt32(0) == 1)
            {
                unit = days;
            }
            else
            {
                beds[reader.GetString(1)] = days;
            }
        }

        return (unit, beds);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>One row of the grouping sets: which set (<c>grouping(...)</c>), its keys, its figures.</summary>
    private sealed record Row(int Set, DateTimeOffset? Day, string? Priority, string? Kind, string? Code, string? Bed, AlarmFigures Figures);
}
