using System.Runtime.CompilerServices;
using Monitoring.Alarms;
using Monitoring.Fhir;
using Monitoring.Vitals;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Stays;

/// <summary>Reads stays (<c>stays</c>), a stay's minute trends and its alarms, with plain SQL.</summary>
public sealed class StayQuery(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many stays are listed, the newest first.</summary>
    public const int ListLimit = 1000;

    /// <summary>At most this many alarms go into one stay's bundle, the first raised (each is one DetectedIssue, held in memory).</summary>
    public const int AlarmLimit = 10_000;

    private const string Columns = "stay_id::text, patient_id, unit_id, bed, admitted_at, discharged_at";

    public async Task<IReadOnlyList<StayView>> ListAsync(string patientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns} from stays where patient_id = $1 order by admitted_at desc, stay_id limit {ListLimit}");
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stays = new List<StayView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            stays.Add(Read(reader));
        }

        return stays;
    }

    /// <summary>The stay, if it is one of this patient's; <c>null</c> otherwise (another patient's stay is as unknown as none).</summary>
    public async Task<StayView?> FindAsync(string patientId, Guid stayId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from stays where stay_id = $1 and patient_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = stayId });
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Where the minute roll-up has reached: every batch stored before it is in the minute trends. A minute
    /// ending after it may still change (or be missing, for the last seconds).
    /// </summary>
    public async Task<DateTimeOffset> TrendsCompleteUntilAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select rolled_up_to from history_rollups where name = 'vitals_minutes'");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
    }

    /// <summary>
    /// The stay's minute trends, oldest first, read as they are written out (one connection held for the
    /// export): each minute that starts within the stay, from its admission's minute to before its discharge.
    /// A minute that another stay of the patient also touches (a re-admission within the minute of the
    /// discharge) cannot be told apart and is in neither stay.
    /// </summary>
    public async IAsyncEnumerable<StayMinute> MinutesAsync(StayView stay, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stay);
        await using var command = dataSource.CreateCommand(
            """
            with bounds as (
                select greatest(date_trunc('minute', $2::timestamptz), coalesce((
                           select max(case when discharged_at = date_trunc('minute', discharged_at) then discharged_at
                                           else date_trunc('minute', discharged_at) + interval '1 minute' end)
                           from stays where patient_id = $1 and stay_id <> $4 and admitted_at < $2), '-infinity')) as lower,
                       least(coalesce($3::timestamptz, 'infinity'), coalesce((
                           select min(date_trunc('minute', admitted_at))
                           from stays where patient_id = $1 and stay_id <> $4 and admitted_at > $2), 'infinity')) as upper
            )
            select s.code, m.minute, m.total / m.readings, m.low, m.high, m.readings
            from vitals_minutes m join vital_signs s on s.id = m.sign cross join bounds b
            where m.patient_id = $1 and m.minute >= b.lower and m.minute < b.upper
            order by m.minute, m.sign
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = stay.PatientId });
        command.Parameters.Add(new NpgsqlParameter { Value = stay.AdmittedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)stay.DischargedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(stay.StayId) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (VitalSignCatalog.TryGetByCode(reader.GetString(0), out var sign) && sign.IsMeasured)
            {
                yield return new StayMinute(sign.Sign, reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt32(5));
            }
        }
    }

    /// <summary>
    /// Each alarm raised during the stay, folded from its transitions: the highest priority it had, who
    /// acknowledged it and when, when it first escalated, and when it was resolved (if it was).
    /// </summary>
    public async Task<IReadOnlyList<StayAlarm>> AlarmsAsync(StayView stay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stay);
        await using var command = dataSource.CreateCommand(
            $"""
            select alarm_id,
                   (array_agg(code order by entry_id))[1],
                   (array_agg(kind order by entry_id))[1],
                   max(case priority when 'high' then 3 when 'medium' then 2 else 1 end),
                   max(vital),
                   (array_agg(value order by entry_id))[1],
                   min(raised_at),
                   (array_agg(acknowledged_by order by entry_id) filter (where acknowledged_by is not null))[1],
                   min(acknowledged_at),
                   min(occurred_at) filter (where escalation_level > 0),
                   min(occurred_at) filter (where to_state = 'resolved')
            from alarm_history
            where patient_id = $1 and raised_at >= $2 and ($3::timestamptz is null or raised_at <= $3)
            group by alarm_id
            order by min(raised_at), alarm_id
            limit {AlarmLimit}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = stay.PatientId });
        command.Parameters.Add(new NpgsqlParameter { Value = stay.AdmittedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)stay.DischargedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alarms = new List<StayAlarm>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alarms.Add(new StayAlarm(
                reader.GetString(0),
                reader.GetString(1),
                AlarmWords.TryParse<AlarmKind>(reader.GetString(2), out var kind) ? kind : AlarmKind.Physiological,
                (AlarmPriority)reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return alarms;
    }

    private static StayView Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));

    /// <summary>The stay as the FHIR export writes it.</summary>
    public static StayRecord ToRecord(StayView stay)
    {
        ArgumentNullException.ThrowIfNull(stay);
        return new StayRecord(stay.StayId, stay.PatientId, stay.UnitId, stay.Bed, stay.AdmittedAt, stay.DischargedAt);
    }
}
