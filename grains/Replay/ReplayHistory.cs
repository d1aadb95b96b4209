using System.Collections.Immutable;
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
    /// The stored batches of <paramref name="patientIds"/> measured in [<paramref name="from"/>, <paramref name="to"/>), each
    /// patient's in the order they were measured, with when. One query for every patient of the window: the rows of a
    /// window lie together (they were written as they came), so each page is read once for all the patients on it,
    /// where a query per patient would read every page once per patient. Read synchronously, by a thread of its own:
    /// a hundred thousand rows a window, each awaited, kept the thread pool busy handing them between threads.
    /// </summary>
    public Task<Dictionary<string, List<(StoredBatch Batch, DateTimeOffset MeasuredFrom)>>> WindowAsync(
        string[] patientIds, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<short, VitalSign> signs, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Window(patientIds, from, to, signs, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private Dictionary<string, List<(StoredBatch Batch, DateTimeOffset MeasuredFrom)>> Window(
        string[] patientIds, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<short, VitalSign> signs, CancellationToken cancellationToken)
    {
        using var command = dataSource.CreateCommand("""
            select patient_id, measured_from, source, received_at, signs, sign_values, offsets_us from vitals_batches
            where patient_id = any($1) and measured_from >= $2 and measured_from < $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientIds });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, List<(StoredBatch, DateTimeOffset)>>(StringComparer.Ordinal);
        string? lastPatient = null, lastSource = null, deviceId = null;
        List<(StoredBatch, DateTimeOffset)>? list = null;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var patient = reader.GetString(0);
            if (patient != lastPatient)
            {
                if (!rows.TryGetValue(patient, out list))
                {
                    rows[patient] = list = [];
                }

                lastPatient = patient;
            }

            var measuredFrom = reader.GetFieldValue<DateTimeOffset>(1);
            var source = reader.GetString(2);
            if (source != lastSource)
            {
                (lastSource, deviceId) = (source, source.StartsWith(DevicePrefix, StringComparison.Ordinal) ? source[DevicePrefix.Length..] : null);
            }

            var receivedAt = reader.GetFieldValue<DateTimeOffset>(3);
            var ids = reader.GetFieldValue<short[]>(4);
            var values = reader.GetFieldValue<double[]>(5);
            var offsets = reader.IsDBNull(6) ? null : reader.GetFieldValue<int[]>(6);
            list!.Add((Batch(receivedAt, deviceId, measuredFrom, ids, values, offsets, signs), measuredFrom));
        }

        foreach (var batches in rows.Values)
        {
            if (!IsInOrder(batches))
            {
                var sorted = batches.OrderBy(b => b.Item2).ToList(); // stable: equal times keep the order read
                batches.Clear();
                batches.AddRange(sorted);
            }
        }

        return rows;
    }

    private static bool IsInOrder(List<(StoredBatch Batch, DateTimeOffset MeasuredFrom)> batches)
    {
        for (var i = 1; i < batches.Count; i++)
        {
            if (batches[i].MeasuredFrom < batches[i - 1].MeasuredFrom)
            {
                return false;
            }
        }

        return true;
    }

    private static StoredBatch Batch(DateTimeOffset receivedAt, string? deviceId, DateTimeOffset measuredFrom, short[] ids, double[] values, int[]? offsets,
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

        return new StoredBatch(receivedAt, deviceId, readings.DrainToImmutable());
    }

    private const string DevicePrefix = "device:";
}
