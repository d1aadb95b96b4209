using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Monitoring.Alarms;
using Monitoring.Vitals;
using Npgsql;

namespace Monitoring.Replay;

/// <summary>What a replay reads of the stored history: the unit's patients in the period, their batches, acknowledgements and alarms.</summary>
public sealed class ReplayHistory(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The patients who lay on the unit in the period: by their stays (a stay names the unit the patient lies on now),
    /// and by the unit's alarm history (a patient moved on since had alarms here).
    /// </summary>
    public async Task<IReadOnlyList<ReplayPatient>> PatientsAsync(string unitId, string? patientId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select patient_id, min(bed), min(starts), max(ends) from (
                select patient_id, bed, greatest(admitted_at, $2) as starts, least(coalesce(discharged_at, $3), $3) as ends
                from stays where unit_id = $1 and admitted_at < $3 and coalesce(discharged_at, 'infinity') > $2
                union all
                select patient_id, bed, $2, $3 from alarm_history
                where unit_id = $1 and occurred_at >= $2 and occurred_at < $3
                  and patient_id not in (select patient_id from stays where unit_id = $1 and admitted_at < $3 and coalesce(discharged_at, 'infinity') > $2)
            ) p
            where $4::text is null or patient_id = $4
            group by patient_id order by patient_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = unitId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patientId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var patients = new List<ReplayPatient>();
        while (await reader.ReadAsync(cancellationToken))
        {
            patients.Add(new ReplayPatient(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return patients;
    }

    /// <summary>The physiological alarms of the unit (or one patient) raised in the period, as stored.</summary>
    public async Task<IReadOnlyList<ReplayedAlarm>> StoredAlarmsAsync(string unitId, string? patientId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select patient_id, bed, code, priority, occurred_at from alarm_history
            where unit_id = $1 and occurred_at >= $2 and occurred_at < $3 and reason = 'raised' and kind = 'physiological'
              and ($4::text is null or patient_id = $4)
            order by occurred_at, entry_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = unitId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patientId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alarms = new List<ReplayedAlarm>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var priority = AlarmWords.TryParse<AlarmPriority>(reader.GetString(3), out var known) ? known : AlarmPriority.Low;
            alarms.Add(new ReplayedAlarm(reader.GetString(0), reader.GetString(1), reader.GetString(2), priority, reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return alarms;
    }

    /// <summary>The patient's acknowledgements in the window, oldest first, by the condition acknowledged.</summary>
    public async Task<IReadOnlyList<StoredAcknowledgement>> AcknowledgementsAsync(string patientId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select occurred_at, code from alarm_history
            where patient_id = $1 and occurred_at >= $2 and occurred_at < $3 and reason = 'acknowledged'
            order by occurred_at, entry_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var acknowledgements = new List<StoredAcknowledgement>();
        while (await reader.ReadAsync(cancellationToken))
        {
            acknowledgements.Add(new StoredAcknowledgement(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1)));
        }

        return acknowledgements;
    }

    /// <summary>The vital signs by the small numbers the batch rows name them with.</summary>
    public async Task<IReadOnlyDictionary<short, VitalSign>> SignsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select id, code from vital_signs");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var signs = new Dictionary<short, VitalSign>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (VitalSignCatalog.TryGetByCode(reader.GetString(1), out var info))
            {
                signs[reader.GetInt16(0)] = info.Sign;
            }
        }

        return signs;
    }

    /// <summary>
    /// The patient's stored batches measured in the window, in the order they arrived. Rows are read in the order of
    /// their key (when measured) and put in order of arrival on the way: a batch arrives no earlier than
    /// <see cref="ReadingClock.FutureTolerance"/> before it was measured (the clock rule refuses the rest), so once
    /// the rows reach a later measurement, every batch that arrived before it has been read.
    /// </summary>
    public async IAsyncEnumerable<StoredBatch> BatchesAsync(
        string patientId, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<short, VitalSign> signs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select measured_from, source, received_at, signs, sign_values, offsets_us from vitals_batches
            where patient_id = $1 and measured_from >= $2 and measured_from < $3
            order by measured_from
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var arrivals = new PriorityQueue<StoredBatch, (DateTimeOffset, long)>();
        long order = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var measuredFrom = reader.GetFieldValue<DateTimeOffset>(0);
            var source = reader.GetString(1);
            var receivedAt = reader.GetFieldValue<DateTimeOffset>(2);
            var ids = reader.GetFieldValue<short[]>(3);
            var values = reader.GetFieldValue<double[]>(4);
            var offsets = reader.IsDBNull(5) ? null : reader.GetFieldValue<int[]>(5);
            while (arrivals.TryPeek(out var first, out _) && first.ReceivedAt < measuredFrom - ReadingClock.FutureTolerance)
            {
                yield return arrivals.Dequeue();
            }

            arrivals.Enqueue(Batch(receivedAt, source, measuredFrom, ids, values, offsets, signs), (receivedAt, order++));
        }

        while (arrivals.TryDequeue(out var batch, out _))
        {
            yield return batch;
        }
    }

    private static StoredBatch Batch(DateTimeOffset receivedAt, string source, DateTimeOffset measuredFrom, short[] ids, double[] values, int[]? offsets,
        IReadOnlyDictionary<short, VitalSign> signs)
    {
        var readings = ImmutableArray.CreateBuilder<Reading>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (signs.TryGetValue(ids[i], out var sign))
            {
                readings.Add(new Reading(sign, values[i], offsets is null ? measuredFrom : measuredFrom.AddTicks(offsets[i] * 10L)));
            }
        }

        var deviceId = source.StartsWith(DevicePrefix, StringComparison.Ordinal) ? source[DevicePrefix.Length..] : null;
        return new StoredBatch(receivedAt, deviceId, readings.DrainToImmutable());
    }

    private const string DevicePrefix = "device:";
}
