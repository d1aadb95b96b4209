using System.Collections.Concurrent;
using Monitoring.Fhir;
using Monitoring.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Fhir;

/// <summary>
/// Reads what the FHIR surface serves from the stored history (<c>vitals_batches</c>, one row per batch): rows of
/// a patient in key order, a chunk at a time, and the readings at one instant; the patient's stays, which give
/// Observation ids their opaque part; patients' places and devices' bindings.
/// </summary>
public sealed class FhirHistoryStore(NpgsqlDataSource dataSource)
{
    /// <summary>Rows read per query while walking: a page of 1 Hz batches, and the quarter hour before it.</summary>
    public const int ChunkRows = 1_000;

    private readonly ConcurrentDictionary<short, string> _codes = new();

    /// <summary>One stored row's readings, as one query answers them (rows in order, a row's readings together).</summary>
    public sealed record RowReading(DateTimeOffset MeasuredFrom, string Source, long BatchId, short Sign, double Value, DateTimeOffset At, bool Plausible);

    /// <summary>
    /// Up to <see cref="ChunkRows"/> rows of the patient, their readings flattened: ascending, rows starting in
    /// [<paramref name="fromLow"/>, <paramref name="fromHigh"/>] whose last reading is at or after
    /// <paramref name="endingFrom"/>, after the row <paramref name="afterRow"/>; descending, the same range before it.
    /// The key of vitals_batches (patient, measured_from, source, batch_id) serves both ways.
    /// </summary>
    public async Task<List<RowReading>> RowsAsync(
        string patientId, bool ascending, DateTimeOffset fromLow, DateTimeOffset fromHigh, DateTimeOffset endingFrom,
        (DateTimeOffset MeasuredFrom, string Source, long BatchId)? afterRow, CancellationToken cancellationToken)
    {
        var (order, beyond) = ascending ? ("", ">") : (" desc", "<");
        await using var command = dataSource.CreateCommand(
            $"""
            select b.measured_from, b.source, b.batch_id, r.sign, r.value,
                   b.measured_from + coalesce(r.offset_us, 0) * interval '1 microsecond', coalesce(r.plausible, true)
            from (
                select measured_from, source, batch_id, signs, sign_values, offsets_us, plausible from vitals_batches
                where patient_id = $1 and measured_from >= $2 and measured_from <= $3 and measured_to >= $4
                {(afterRow is null ? "" : $"and (measured_from, source, batch_id) {beyond} ($5, $6, $7)")}
                order by measured_from{order}, source{order}, batch_id{order}
                limit {ChunkRows}
            ) b
            cross join lateral unnest(b.signs, b.sign_values, b.offsets_us, b.plausible) as r(sign, value, offset_us, plausible)
            order by b.measured_from{order}, b.source{order}, b.batch_id{order}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = fromLow.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = fromHigh.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = endingFrom.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (afterRow is { } row)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = row.MeasuredFrom.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = row.Source });
            command.Parameters.Add(new NpgsqlParameter { Value = row.BatchId });
        }

        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>The patient's readings measured at exactly <paramref name="at"/> (the rows that may hold them: at most a quarter hour before).</summary>
    public async Task<List<RowReading>> AtAsync(string patientId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select b.measured_from, b.source, b.batch_id, r.sign, r.value,
                   b.measured_from + coalesce(r.offset_us, 0) * interval '1 microsecond' as at, coalesce(r.plausible, true)
            from vitals_batches b
            cross join lateral unnest(b.signs, b.sign_values, b.offsets_us, b.plausible) as r(sign, value, offset_us, plausible)
            where b.patient_id = $1 and b.measured_from >= $2 and b.measured_from <= $3 and b.measured_to >= $3
              and b.measured_from + coalesce(r.offset_us, 0) * interval '1 microsecond' = $3
            order by b.measured_from, b.source, b.batch_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = (at - VitalsHistoryLayout.LongestRowSpan).UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = at.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>The patient's stays, the first admitted first: (stay id, admitted at).</summary>
    public async Task<IReadOnlyList<(Guid StayId, DateTimeOffset AdmittedAt)>> StaysAsync(string patientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select stay_id, admitted_at from stays where patient_id = $1 order by admitted_at, stay_id");
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stays = new List<(Guid, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            stays.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return stays;
    }

    /// <summary>The patient whose stay this is, or null.</summary>
    public async Task<string?> PatientOfStayAsync(Guid stayId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select patient_id from stays where stay_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = stayId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Where the patient lies now (unit, bed), or null when not admitted or unknown.</summary>
    public async Task<(string UnitId, string Bed)?> PlaceAsync(string patientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select unit_id, bed from patients where patient_id = $1 and discharged_at is null");
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>Whether the patient was ever admitted here.</summary>
    public async Task<bool> PatientExistsAsync(string patientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select exists (select 1 from patients where patient_id = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Whether the device is known, and the patient it is bound to now (null when none).</summary>
    public async Task<(bool Known, string? PatientId)> DeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select d.device_id, b.patient_id from devices d
            left join device_bindings b on b.device_id = d.device_id and b.unbound_at is null
            where d.device_id = $1
            order by b.bound_at desc nulls last limit 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (true, reader.IsDBNull(1) ? null : reader.GetString(1)) : (false, null);
    }

    /// <summary>Our code of a stored sign number (<c>vital_signs</c>), or null for one unknown to this release.</summary>
    public async ValueTask<string?> CodeOfAsync(short sign, CancellationToken cancellationToken)
    {
        if (_codes.TryGetValue(sign, out var code))
        {
            return code;
        }

        await using var command = dataSource.CreateCommand("select id, code from vital_signs");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _codes[reader.GetInt16(0)] = reader.GetString(1);
        }

        return _codes.TryGetValue(sign, out code) ? code : null;
    }

    /// <summary>The stored number of one of our sign codes (they are all in <c>vital_signs</c> from its first migration).</summary>
    public async ValueTask<short?> SignOfAsync(string code, CancellationToken cancellationToken)
    {
        if (_codes.IsEmpty)
        {
            await CodeOfAsync(0, cancellationToken);
        }

        foreach (var (id, known) in _codes)
        {
            if (known == code)
            {
                return id;
            }
        }

        return null;
    }

    private static async Task<List<RowReading>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var readings = new List<RowReading>();
        while (await reader.ReadAsync(cancellationToken))
        {
            readings.Add(new RowReading(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt16(3),
                reader.GetDouble(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6)));
        }

        return readings;
    }
}
