namespace Monitoring.Census;

/// <summary>
/// The project's own tables of units, patients, devices and bindings in PostgreSQL, kept in step by
/// the grains so that reports and other systems can query them. Every call is idempotent.
/// </summary>
public interface ICensusRegistry
{
    Task RecordAdmissionAsync(string patientId, string unitId, string bed, DateTimeOffset at);

    Task RecordDischargeAsync(string patientId, DateTimeOffset at);

    Task RecordBindingAsync(string deviceId, string patientId, DateTimeOffset at);
}
