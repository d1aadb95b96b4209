using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Replay;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Replay;

/// <summary>A patient's stored batches run again through the patient's alarm engine under rules of our choosing.</summary>
public sealed class PatientReplayTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_desaturation_below_80_is_raised_at_once_as_high_priority_when_replayed_under_the_default_limits()
    {
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Seconds(0, 30, spo2: 97), Seconds(30, 15, spo2: 78), Seconds(45, 60, spo2: 96));

        var desat = Assert.Single(replay.Alarms, a => a.Code == AlarmRuleSet.DesaturationCode);
        Assert.Equal(AlarmPriority.High, desat.Priority);
        Assert.Equal(Start.AddSeconds(30), desat.RaisedAt);
    }

    [Fact]
    public void A_breach_that_holds_between_sparse_batches_is_raised_when_its_delay_runs_out_as_the_grains_alarm_clock_would_wake_it()
    {
        // A cuff every minute: SpO2 88 holds; the 10 s delay runs out long before the next batch.
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Batch(0, spo2: 97), Batch(60, spo2: 88), Batch(120, spo2: 88));

        var low = Assert.Single(SpO2Alarms(replay));
        Assert.Equal("spo2-low", low.Code);
        Assert.Equal(Start.AddSeconds(70), low.RaisedAt);
    }

    [Fact]
    public void A_latched_desaturation_stays_one_alarm_until_the_nurse_acknowledges_it_and_the_next_dip_is_a_second_alarm()
    {
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Seconds(0, 10, spo2: 78), Seconds(10, 20, spo2: 97), Seconds(30, 5, spo2: 78), Seconds(35, 20, spo2: 97));
        Assert.Single(replay.Alarms, a => a.Code == AlarmRuleSet.DesaturationCode);

        replay.Take(new StoredAcknowledgement(Start.AddSeconds(60), AlarmRuleSet.DesaturationCode));
        Assert.Equal(Start.AddSeconds(60), SpO2Alarms(replay).Single().EndedAt);
        Feed(replay, Seconds(61, 5, spo2: 78));

        Assert.Equal(2, replay.Alarms.Count(a => a.Code == AlarmRuleSet.DesaturationCode));
    }

    [Fact]
    public void An_acknowledgement_of_a_condition_with_no_open_alarm_in_the_replay_changes_nothing()
    {
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Seconds(0, 20, spo2: 97));
        replay.Take(new StoredAcknowledgement(Start.AddSeconds(20), AlarmRuleSet.DesaturationCode));
        Feed(replay, Seconds(21, 5, spo2: 78));

        Assert.Equal(Start.AddSeconds(21), Assert.Single(SpO2Alarms(replay)).RaisedAt);
    }

    [Fact]
    public void A_desaturation_limit_lowered_to_75_leaves_a_dip_to_78_to_the_medium_spo2_low_alarm_ten_seconds_later()
    {
        var proposal = Policy(new AlarmRuleOverride(VitalSign.SpO2, LowTiers: [new AlarmLimit(AlarmRuleSet.DesaturationCode, LimitSide.Low, 75, AlarmPriority.High, TimeSpan.Zero, 2)]));
        var replay = Replay(proposal);
        Feed(replay, Seconds(0, 30, spo2: 97), Seconds(30, 15, spo2: 78), Seconds(45, 60, spo2: 96));

        var low = Assert.Single(SpO2Alarms(replay));
        Assert.Equal(("spo2-low", AlarmPriority.Medium, Start.AddSeconds(40)), (low.Code, low.Priority, low.RaisedAt));
    }

    [Fact]
    public void SpO2_jittering_at_its_limit_inside_the_hysteresis_band_is_one_alarm_that_ends_only_past_the_band()
    {
        // Limit 90, hysteresis 2: 89 breaches, 91 neither cancels nor ends, 92 ends.
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Seconds(0, 10, spo2: 97));
        for (var s = 10; s < 70; s++)
        {
            Feed(replay, Batch(s, spo2: s % 2 == 0 ? 89 : 91));
        }

        Feed(replay, Seconds(70, 10, spo2: 92));

        var low = Assert.Single(SpO2Alarms(replay));
        Assert.Equal((Start.AddSeconds(20), Start.AddSeconds(70)), (low.RaisedAt, low.EndedAt));
    }

    [Fact]
    public void A_desaturation_that_keeps_coming_back_after_each_acknowledgement_is_an_alarm_for_each_return()
    {
        var replay = Replay(UnitAlarmPolicy.Default);
        for (var dip = 0; dip < 3; dip++)
        {
            var at = dip * 60;
            Feed(replay, Seconds(at, 10, spo2: 97), Seconds(at + 10, 5, spo2: 78), Seconds(at + 15, 10, spo2: 97));
            replay.Take(new StoredAcknowledgement(Start.AddSeconds(at + 30), AlarmRuleSet.DesaturationCode));
        }

        Assert.Equal([10, 70, 130], replay.Alarms.Where(a => a.Code == AlarmRuleSet.DesaturationCode).Select(a => (int)(a.RaisedAt - Start).TotalSeconds));
    }

    [Fact]
    public void SpO2_that_stops_coming_during_a_breach_still_raises_when_its_delay_runs_out()
    {
        // Probe off after one value of 88: heart rate goes on; nothing contradicts the breach for its 10 s.
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Seconds(0, 10, spo2: 97), Batch(10, spo2: 88));
        foreach (var s in Enumerable.Range(11, 20))
        {
            var at = Start.AddSeconds(s);
            replay.Take(new StoredBatch(at, "mon-7", [new ReadingValue(VitalSign.HeartRate, 72, at)]));
        }

        Assert.Equal(Start.AddSeconds(20), Assert.Single(SpO2Alarms(replay)).RaisedAt);
    }

    [Fact]
    public void A_dip_measured_in_a_gap_and_sent_late_after_newer_values_raises_nothing_when_replayed_as_live()
    {
        // Stored in the order measured; the batch of 78 % measured at 30 s arrived at 100 s (store and forward).
        var measured = Enumerable.Range(0, 120).Select(s =>
        {
            var at = Start.AddSeconds(s);
            var late = s is >= 30 and < 35;
            return (Batch: new StoredBatch(late ? Start.AddSeconds(100) : at, "mon-7", [new ReadingValue(VitalSign.SpO2, late ? 78 : 97, at)]), MeasuredFrom: at);
        });
        var arrivals = new ArrivalOrder();
        var inOrder = new List<StoredBatch>();
        foreach (var (batch, at) in measured)
        {
            arrivals.Add(batch, at, inOrder);
        }

        arrivals.Drain(null, inOrder);
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, inOrder);

        Assert.Equal(inOrder.Select(b => b.ReceivedAt).Order(), inOrder.Select(b => b.ReceivedAt));
        Assert.Empty(replay.Alarms);
    }

    [Fact]
    public void A_reading_dated_further_ahead_than_the_clock_allows_is_not_taken_when_replayed()
    {
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Seconds(0, 10, spo2: 97));
        var received = Start.AddSeconds(10);
        replay.Take(new StoredBatch(received, "mon-7", [new ReadingValue(VitalSign.SpO2, 78, received.AddMinutes(1))]));

        Assert.Empty(replay.Alarms);
    }

    [Fact]
    public void Only_physiological_alarms_are_kept_a_sensor_fault_is_not()
    {
        var replay = Replay(UnitAlarmPolicy.Default);
        Feed(replay, Seconds(0, 5, spo2: 0));

        Assert.Empty(replay.Alarms);
    }

    /// <summary>The SpO2 alarms (a value of 91 or less also scores a NEWS2 single-parameter 3, an alarm of its own).</summary>
    internal static List<ReplayedAlarm> SpO2Alarms(PatientReplay replay) => [.. replay.Alarms.Where(a => a.Code.StartsWith("spo2", StringComparison.Ordinal))];

    internal static UnitAlarmPolicy Policy(params AlarmRuleOverride[] overrides) =>
        UnitAlarmPolicy.Default with { Rules = AlarmRuleSet.Apply(AlarmRuleSet.AdultDefaults, overrides) };

    internal static PatientReplay Replay(UnitAlarmPolicy policy) =>
        new("p-1", "7", policy, [], spO2Scale: 1, news2MaxAge: TimeSpan.FromHours(1), Start);

    internal static void Feed(PatientReplay replay, params IEnumerable<StoredBatch>[] runs)
    {
        foreach (var batch in runs.SelectMany(r => r))
        {
            replay.Take(batch);
        }
    }

    /// <summary>One batch a second from <paramref name="from"/> for <paramref name="seconds"/>, arriving as measured, heart rate 72 and SpO2 as given.</summary>
    internal static IEnumerable<StoredBatch> Seconds(int from, int seconds, double spo2) =>
        Enumerable.Range(from, seconds).SelectMany(s => Batch(s, spo2));

    internal static StoredBatch[] Batch(int second, double spo2)
    {
        var at = Start.AddSeconds(second);
        return [new StoredBatch(at, "mon-7", [new ReadingValue(VitalSign.HeartRate, 72, at), new ReadingValue(VitalSign.SpO2, spo2, at)])];
    }
}
