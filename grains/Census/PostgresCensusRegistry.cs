using Microsoft.Extensions.Logging;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Census;

/// <summary>The census registry on PostgreSQL (tables from migrations 0002 and 0010).</summary>
/// <remarks>
/// Each write is one a caller waits for (an admission, a binding): refused at once while PostgreSQL is out. Each
/// batch runs as one implicit transaction: the patient's row and the stay change together or not at all.
/// </remarks>
public sealed class PostgresCensusRegistry(NpgsqlDataSource dataSource, DatabaseOutage outage, TimeProvider time, ILogger<PostgresCensusRegistry> logger) : ICensusRegistry
{
    private readonly WaitedOnWrite _writes = new("census", outage, time, logger);

    public async Task RecordAdmissionAsync(string patientId, string unitId, string bed, DateTimeOffset at)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            "insert into units (unit_id, created_at) values ($1, $2) on conflict (unit_id) do nothing",
            unitId, at));
        batch.BatchCommands.Add(Command(
            """
            insert into patients (patient_id, unit_id, bed, admitted_at, discharged_at)
            values ($1, $2, $3, $4, null)
            on conflict (patient_id) do update
               set unit_id = excluded.unit_id, bed = excluded.bed, discharged_at = null,
                   admitted_at = case when patients.discharged_at is null then patients.admitted_at
                                      else excluded.admitted_at end
            """,
            patientId, unitId, bed, at));
        // The stay: opened by the admission, kept (with the new bed) by a move; a retried admission finds it open.
        batch.BatchCommands.Add(Command(
            """
            insert into stays (patient_id, unit_id, bed, admitted_at) values ($1, $2, $3, $4)
            on conflict (patient_id) where discharged_at is null do update
               set unit_id = excluded.unit_id, bed = excluded.bed
            """,
            patientId, unitId, bed, at));
        await _writes.RunAsync(async token => await batch.ExecuteNonQueryAsync(token));
    }

    public async Task RecordDischargeAsync(string patientId, DateTimeOffset at)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            "update device_bindings set unbound_at = $2 where patient_id = $1 and unbound_at is null",
            patientId, at));
        batch.BatchCommands.Add(Command(
            "update patients set discharged_at = $2 where patient_id = $1 and discharged_at is null",
            patientId, at));
        // Silos' clocks may differ by a little: a stay never ends before it began.
        batch.BatchCommands.Add(Command(
            "update stays set discharged_at = greatest(admitted_at, $2) where patient_id = $1 and discharged_at is null",
            patientId, at));
        await _writes.RunAsync(async token => await batch.ExecuteNonQueryAsync(token));
    }

    public async Task RecordBindingAsync(string deviceId, string patientId, DateTimeOffset at)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            "insert into devices (device_id, first_bound_at) values ($1, $2) on conflict (device_id) do nothing",
            deviceId, at));
        batch.BatchCommands.Add(Command(
            "update device_bindings set unbound_at = $3 where device_id = $1 and patient_id <> $2 and unbound_at is null",
            deviceId, patientId, at));
        batch.BatchCommands.Add(Command(
            """
            insert into device_bindings (device_id, patient_id, bound_at) values ($1, $2, $3)
            on conflict (device_id) where unbound_at is null do nothing
            """,
            deviceId, patientId, at));
        await _writes.RunAsync(async token => await batch.ExecuteNonQueryAsync(token));
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
