using Monitoring.Alarms;
using Monitoring.Vitals;
using Npgsql;
using NpgsqlTypes;

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
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patientId, NpgsqlDbType = NpgsqlDbType.Text });
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
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patientId, NpgsqlDbType = NpgsqlDbType.Text });
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
    /// Reads into <paramref name="window"/> the stored batches of its patients measured in [<paramref name="from"/>,
    /// <paramref name="to"/>), each patient's in the order they were measured. One query for every patient of the window:
    /// the rows of a window lie together (they were written as they came), so each page is read once for all the patients
    /// on it, where a query per patient would read every page once per patient. Read synchronously, by a thread of its
    /// own: a hundred thousand rows a window, each awaited, kept the thread pool busy handing them between threads. The
    /// arrays come in their binary form (<c>array_send</c>) and are read straight into the window (<see cref="BinaryArray"/>).
    /// </summary>
    public Task WindowAsync(ReplayWindow window, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<short, VitalSign> signs, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Window(window, from, to, signs, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Window(ReplayWindow window, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<short, VitalSign> signs, CancellationToken cancellationToken)
    {
        var patientIds = window.PatientIds;
        using var command = dataSource.CreateCommand("""
            select array_position($1, patient_id) - 1, measured_from, source, received_at,
                   case when signs = $4 then null else array_send(signs) end, array_send(sign_values), array_send(offsets_us)
            from vitals_batches
            where patient_id = any($1) and measured_from >= $2 and measured_from < $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientIds });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        // A device sends the same signs batch after batch: those of the window's first row are not sent again.
        command.Parameters.Add(new NpgsqlParameter<short[]?> { TypedValue = window.UsualSigns, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        window.Clear();
        var signById = new VitalSign?[signs.Count == 0 ? 0 : signs.Keys.Max() + 1];
        foreach (var (id, sign) in signs)
        {
            signById[id] = sign;
        }

        byte[] signBytes = new byte[256], valueBytes = new byte[256], offsetBytes = new byte[256];
        short[] ids = new short[16];
        double[] values = new double[16];
        int[] offsets = new int[16];
        // Each patient's source as last read, and its device: the rows of the patients come interleaved, and a device's
        // name made once per row would be kept by the window past the young generation.
        var (lastSourceOf, deviceOf) = (new string?[patientIds.Length], new string?[patientIds.Length]);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var patient = reader.GetInt32(0); // the patient's position in the window (every row is one of its patients'): no name read per row
            var measuredFrom = reader.GetFieldValue<DateTimeOffset>(1);
            var source = reader.GetString(2);
            if (source != lastSourceOf[patient])
            {
                (lastSourceOf[patient], deviceOf[patient]) = (source, source.StartsWith(DevicePrefix, StringComparison.Ordinal) ? source[DevicePrefix.Length..] : null);
            }

            var receivedAt = reader.GetFieldValue<DateTimeOffset>(3);
            var usual = reader.IsDBNull(4) ? window.UsualSigns : null;
            var signArray = usual is null ? Bytes(reader, 4, ref signBytes) : default;
            var count = usual?.Length ?? BinaryArray.Count(signArray);
            if (count > ids.Length)
            {
                (ids, values, offsets) = (new short[count], new double[count], new int[count]);
            }

            if (usual is not null)
            {
                usual.CopyTo(ids, 0);
            }
            else
            {
                BinaryArray.ReadInt16(signArray, ids);
                window.UsualSigns ??= ids[..count];
            }
            if (BinaryArray.ReadDouble(Bytes(reader, 5, ref valueBytes), values) != count)
            {
                throw new InvalidDataException("A stored batch has as many signs as values.");
            }

            var timed = !reader.IsDBNull(6);
            if (timed && BinaryArray.ReadInt32(Bytes(reader, 6, ref offsetBytes), offsets) != count)
            {
                throw new InvalidDataException("A stored batch has as many signs as offsets.");
            }

            var readings = window.ReadingsToFill(count);
            var taken = 0;
            for (var i = 0; i < count; i++)
            {
                if ((uint)ids[i] < (uint)signById.Length && signById[ids[i]] is { } sign)
                {
                    readings[taken++] = new ReadingValue(sign, values[i], timed ? measuredFrom.AddTicks(offsets[i] * 10L) : measuredFrom);
                }
            }

            window.Add(patient, measuredFrom, receivedAt, deviceOf[patient], taken);
        }

        window.SortByMeasurement();
    }

    /// <summary>The column's bytes, in <paramref name="buffer"/> (grown when too small): no array made per row.</summary>
    private static ReadOnlySpan<byte> Bytes(NpgsqlDataReader reader, int ordinal, ref byte[] buffer)
    {
        var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
        if (length > buffer.Length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        reader.GetBytes(ordinal, 0, buffer, 0, length);
        return buffer.AsSpan(0, length);
    }

    private const string DevicePrefix = "device:";
}
