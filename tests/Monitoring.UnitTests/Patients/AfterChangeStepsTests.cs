using System.Collections.Immutable;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Alarms;
using Monitoring.Patients;
using Monitoring.Push;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.UnitTests.Patients;

/// <summary>The steps a patient takes after a change, each on its own: the history outbox and the push.</summary>
public sealed class AfterChangeStepsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly DatabaseOutage _outage;
    private readonly RecordingHistory _history = new();
    private readonly List<AlarmHistoryEntry> _rows = [];
    private readonly AlarmHistoryOutbox _outbox;

    public AfterChangeStepsTests()
    {
        _outage = new DatabaseOutage(_time, NullLogger<DatabaseOutage>.Instance);
        _outbox = new AlarmHistoryOutbox(() => _rows, _history, new BoundedWrite("alarm_history", _outage, TimeSpan.FromSeconds(1), _time), NullLogger.Instance);
    }

    [Fact]
    public async Task An_alarm_raised_is_written_to_the_history_and_leaves_the_outbox()
    {
        _outbox.Add([Entry("hr-high", "raised")]);

        Assert.True(await _outbox.TryFlushAsync());

        Assert.Equal(0, _outbox.Count);
        Assert.Equal(["raised"], _history.Written.Select(e => e.Reason));
    }

    [Fact]
    public async Task While_the_database_is_out_the_rows_wait_in_the_outbox_and_are_written_once_it_is_back()
    {
        _outage.ReportFailure("patient_snapshot", new NpgsqlException("Failed to connect", new SocketException(111)));
        _outbox.Add([Entry("spo2-desat", "raised"), Entry("spo2-desat", "acknowledged")]);

        Assert.False(await _outbox.TryFlushAsync());
        Assert.Equal(2, _outbox.Count);
        Assert.Empty(_history.Written);

        _outage.ReportSuccess(_time.GetUtcNow()); // the probe reached it again
        Assert.True(await _outbox.TryFlushAsync());
        Assert.Equal(0, _outbox.Count);
        Assert.Equal(["raised", "acknowledged"], _history.Written.Select(e => e.Reason));
    }

    [Fact]
    public async Task A_history_write_that_fails_for_another_reason_keeps_its_rows_for_the_next_attempt()
    {
        _history.FailWith = new InvalidOperationException("constraint violated");
        _outbox.Add([Entry("hr-low", "raised")]);

        Assert.False(await _outbox.TryFlushAsync());

        Assert.Equal(1, _outbox.Count);
    }

    [Fact]
    public async Task Vitals_alone_are_queued_for_the_next_flush_and_nothing_is_sent_at_once()
    {
        var push = new RecordingPush();

        await new PatientPush(push).PublishAsync("p-1", "icu", "3", [], Vitals());

        Assert.Single(push.Queued);
        Assert.Empty(push.Sent);
    }

    [Fact]
    public async Task An_escalated_alarm_goes_to_the_unit_and_to_on_call_at_once()
    {
        var push = new RecordingPush();
        var raised = new AlarmTransition(Alarm("hr-low"), null, AlarmTransitionReason.Raised, null, Now);
        var escalated = new AlarmTransition(Alarm("spo2-desat") with { EscalationLevel = 1 }, AlarmState.Active, AlarmTransitionReason.Escalated, null, Now);

        await new PatientPush(push).PublishAsync("p-1", "icu", "3", [raised, escalated], vitals: null);

        var (alarms, escalations) = Assert.Single(push.Sent);
        Assert.Equal(["hr-low", "spo2-desat"], alarms.Select(a => a.Code));
        Assert.Equal("spo2-desat", Assert.Single(escalations).Code);
        Assert.All(alarms, a => Assert.Equal(("p-1", "icu", "3"), (a.PatientId, a.UnitId, a.Bed)));
        Assert.Empty(push.Queued);
    }

    private static Alarm Alarm(string code) =>
        new($"p-1:{code}", code, AlarmKind.Physiological, code, AlarmPriority.High, AlarmState.Active, 80, Now, Now, ConditionPresent: true);

    private static AlarmHistoryEntry Entry(string code, string reason) =>
        new($"{code}#{reason}", Alarm(code).ToView("p-1", "icu", "3"), null, reason, null, Now, null);

    private static VitalsUpdate Vitals() => new("p-1", "icu", "3", ImmutableDictionary<string, Vitals.VitalValue>.Empty);

    private sealed class RecordingHistory : IAlarmHistory
    {
        public List<AlarmHistoryEntry> Written { get; } = [];

        public Exception? FailWith { get; set; }

        public Task AppendAsync(IReadOnlyList<AlarmHistoryEntry> entries, CancellationToken cancellationToken = default)
        {
            if (FailWith is not null)
            {
                return Task.FromException(FailWith);
            }

            Written.AddRange(entries);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingPush : IPushOutbox
    {
        public List<VitalsUpdate> Queued { get; } = [];

        public List<(ImmutableArray<AlarmView> Alarms, ImmutableArray<AlarmView> Escalations)> Sent { get; } = [];

        public void Queue(VitalsUpdate vitals) => Queued.Add(vitals);

        public Task SendNowAsync(ImmutableArray<AlarmView> alarms, ImmutableArray<AlarmView> escalations)
        {
            Sent.Add((alarms, escalations));
            return Task.CompletedTask;
        }
    }
}
