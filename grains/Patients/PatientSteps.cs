using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.Push;
using Monitoring.Storage;

namespace Monitoring.Patients;

/// <summary>
/// Makes the steps a patient grain takes after a change, one set per activation, from the silo's
/// services (push outbox, alarm history, bounded writes, clock and settings): so that the grain needs
/// its snapshot, the census, the vitals history and this.
/// </summary>
internal sealed class PatientSteps(
    IAlarmHistory history,
    IPushOutbox push,
    TurnWrites writes,
    TimeProvider time,
    IOptions<AlarmClockOptions> clock,
    IOptions<SnapshotOptions> snapshots,
    ILoggerFactory loggers)
{
    public TimeProvider Time => time;

    public TurnWrites Writes => writes;

    public TimeSpan SnapshotInterval => snapshots.Value.Interval;

    public TimeSpan News2MaxAge => clock.Value.News2MaxAge;

    public PatientPush Push() => new(push);

    /// <param name="rows">The snapshot's outbox (read each time: discharge replaces the snapshot).</param>
    public AlarmHistoryOutbox HistoryOutbox(Func<List<AlarmHistoryEntry>> rows) =>
        new(rows, history, writes.Bounded("alarm_history"), loggers.CreateLogger<AlarmHistoryOutbox>());

    public AlarmClock Clock(IGrainBase grain, Func<CancellationToken, Task> tick, bool reminderRegistered) =>
        new(grain, tick, clock.Value.TickInterval, writes.Bounded("reminder"), time, reminderRegistered);
}

/// <summary>Registers what the patient grains need beyond the silo's shared services.</summary>
public static class PatientGrainServices
{
    public static IServiceCollection AddPatientGrains(this IServiceCollection services) => services.AddSingleton<PatientSteps>();
}
