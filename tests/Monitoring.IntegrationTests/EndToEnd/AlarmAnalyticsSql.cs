using Monitoring.IntegrationTests.Infrastructure;
using Npgsql;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The analytics' figures by plain SQL written here, apart from the api's query: each alarm raised in the period
/// with its first acknowledgement and whether it ended by itself in time (by entry order, with NOT EXISTS), grouped
/// by whatever key the test names; the escalations and re-alarms of the period; the bed-days as range intersections.
/// </summary>
public sealed class AlarmAnalyticsSql(TestDatabase database, string unit, DateTimeOffset from, DateTimeOffset to, int selfResolvedSeconds)
{
    /// <summary>The figures of one group, in the api's words.</summary>
    public sealed record Figures(long Raised, long SelfResolved, long Acknowledged, double? P50, double? P90, long Escalations, long ReAlarms);

    private const string Alarms = """
        select r.alarm_id, r.code, r.kind, r.bed, r.priority, r.occurred_at as raised_at,
               floor(extract(epoch from r.occurred_at - $2::timestamptz) / 86400)::int as day,
               (select min(a.occurred_at) from alarm_history a
                 where a.alarm_id = r.alarm_id and a.reason = 'acknowledged' and a.occurred_at < $4) as first_ack,
               exists (select 1 from alarm_history e
                        where e.alarm_id = r.alarm_id and e.reason = 'resolved' and e.occurred_at <= r.occurred_at + make_interval(secs => $5::float8)
                          and not exists (select 1 from alarm_history x where x.alarm_id = r.alarm_id and x.to_state = 'resolved' and x.entry_id < e.entry_id)
                          and not exists (select 1 from alarm_history a where a.alarm_id = r.alarm_id and a.reason = 'acknowledged' and a.entry_id < e.entry_id)) as self_resolved
        from alarm_history r
        where r.unit_id = $1 and r.reason = 'raised' and r.occurred_at >= $2 and r.occurred_at < $3
        """;

    private const string Transitions = """
        select code, kind, bed, priority, floor(extract(epoch from occurred_at - $2::timestamptz) / 86400)::int as day, reason
        from alarm_history
        where unit_id = $1 and reason in ('escalated', 're-alarmed') and occurred_at >= $2 and occurred_at < $3
        """;

    /// <summary>The figures per value of <paramref name="key"/>, a text expression over code, kind, bed, priority and day (0 = the first day).</summary>
    public async Task<Dictionary<string, Figures>> ByAsync(string key)
    {
        await using var command = database.DataSource.CreateCommand($"""
            with alarms as ({Alarms}), transitions as ({Transitions})
            select k, coalesce(f.raised, 0), coalesce(f.self_resolved, 0), coalesce(f.acknowledged, 0), f.p50, f.p90,
                   coalesce(t.escalations, 0), coalesce(t.re_alarms, 0)
            from (select ({key})::text as k, count(*) as raised, count(*) filter (where self_resolved) as self_resolved, count(first_ack) as acknowledged,
                         percentile_cont(0.5) within group (order by extract(epoch from first_ack - raised_at)) as p50,
                         percentile_cont(0.9) within group (order by extract(epoch from first_ack - raised_at)) as p90
                  from alarms group by 1) f
            full join (select ({key})::text as k, count(*) filter (where reason = 'escalated') as escalations,
                              count(*) filter (where reason = 're-alarmed') as re_alarms
                       from transitions group by 1) t using (k)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = unit });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.AddHours(24).UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = selfResolvedSeconds });
        await using var reader = await command.ExecuteReaderAsync();
        var groups = new Dictionary<string, Figures>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            groups[reader.GetString(0)] = new Figures(
                reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.GetInt64(6), reader.GetInt64(7));
        }

        return groups;
    }

    /// <summary>Each bed's days in the period: its stays' ranges intersected with the period (an open stay runs to the period's end).</summary>
    public async Task<Dictionary<string, double>> BedDaysAsync()
    {
        await using var command = database.DataSource.CreateCommand("""
            select bed, sum(extract(epoch from upper(r) - lower(r)))::float8 / 86400
            from (select bed, tstzrange(admitted_at, coalesce(discharged_at, $3)) * tstzrange($2, $3) as r from stays where unit_id = $1) s
            where not isempty(r)
            group by bed
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = unit });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync();
        var beds = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            beds[reader.GetString(0)] = reader.GetDouble(1);
        }

        return beds;
    }
}
