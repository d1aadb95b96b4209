using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.News2;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>
/// A patient's clinical picture as plain domain logic: takes readings, keeps the latest values,
/// checks them against the rules in force, scores NEWS2, and runs the alarm lifecycle.
/// The grain holds the state and does the I/O; this class decides.
/// </summary>
public sealed partial class PatientMonitor
{
    /// <summary>
    /// How recent an ECG heart rate must be for it to own the pulse condition. Without one that recent, the
    /// oximeter's (or the cuff's) pulse rate feeds it: leads off must not leave a bradycardia unwatched.
    /// </summary>
    public static readonly TimeSpan EcgPresence = TimeSpan.FromSeconds(10);

    private readonly PatientState _state;
    private readonly TimeProvider _time;
    private readonly TimeSpan _news2MaxAge;
    private readonly AlarmEngine _engine;
    private News2Result? _news2;
    private News2Tally? _tally;
    private long _scorings;
    private long _staleAtOf = -1;
    private DateTimeOffset? _staleAt;
    private ImmutableArray<AlarmRule>? _rules;

    public PatientMonitor(PatientState state, string patientId, TimeProvider time, TimeSpan news2MaxAge)
    {
        _state = state;
        _time = time;
        _news2MaxAge = news2MaxAge;
        _engine = new AlarmEngine(state.Alarms, patientId);
    }

    public UnitAlarmPolicy Policy => _state.UnitPolicy ?? UnitAlarmPolicy.Default;

    /// <summary>The unit's rules with the patient's own changes laid over them.</summary>
    public ImmutableArray<AlarmRule> Rules => _rules ??= AlarmRuleSet.Apply(Policy.Rules, _state.LimitOverrides);

    public IReadOnlyList<Alarm> OpenAlarms => _engine.OpenAlarms;

    /// <summary>Breaches that have begun to wait out their delay, counted since this monitor was made (<see cref="AlarmEngine.PendingStarted"/>).</summary>
    public long PendingStarted => _engine.PendingStarted;

    /// <summary>As <see cref="Record(string?, ImmutableArray{Reading})"/>.</summary>
    public bool Record(string? deviceId, IEnumerable<Reading> readings) => Record(deviceId, [.. readings]);

    /// <summary>Takes readings from a device (or from a nurse, with no device); returns whether a latest value changed.</summary>
    public bool Record(string? deviceId, ImmutableArray<Reading> readings)
    {
        var values = readings.Length <= 32 ? stackalloc ReadingValue[readings.Length] : new ReadingValue[readings.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            values[i] = ReadingValue.Of(readings[i]);
        }

        return Record(deviceId, values);
    }

    /// <summary>As <see cref="Record(string?, ImmutableArray{Reading})"/>, for readings held as values (a replay's).</summary>
    public bool Record(string? deviceId, ReadOnlySpan<ReadingValue> readings)
    {
        var now = _time.GetUtcNow();
        if (deviceId is not null)
        {
            // Heard from, with a clock we accept: its technical conditions end (nothing to end when none is open or pending).
            if (!_engine.IsQuiet(DeviceConditions.OfflineCode, deviceId))
            {
                _engine.Observe(DeviceConditions.Offline(deviceId, silent: false, now), now);
            }

            if (!_engine.IsQuiet(DeviceConditions.ClockCode, deviceId))
            {
                _engine.Observe(DeviceConditions.Clock(deviceId, skew: null, now), now);
            }
        }

        var batch = InTimeOrder(readings);
        var ecgInBatch = false;
        foreach (var reading in batch)
        {
            ecgInBatch |= reading.Sign == VitalSign.HeartRate;
        }

        var changed = false;
        foreach (var reading in batch)
        {
            changed |= Take(in reading, deviceId, ecgInBatch, now);
        }

        if (changed)
        {
            ScoreNews2(now);
        }

        _engine.Tick(Policy, now);
        return changed;
    }

    public AcknowledgeOutcome Acknowledge(string alarmId, string actor)
    {
        var outcome = _engine.Acknowledge(alarmId, actor, _time.GetUtcNow());

        // A latched deeper tier that ended hands over to a shallower one that still holds, at once.
        Reevaluate(_time.GetUtcNow());
        _engine.ForgetHandoffs();
        return outcome;
    }

    /// <summary>Keeps the alarm manager's report on an open alarm; the alarm as it now is, or null when it is not open.</summary>
    public Alarm? RecordDissemination(string alarmId, AlarmDissemination report) => _engine.RecordDissemination(alarmId, report);

    /// <summary>The alarm manager has not got the alarm to anyone: see <see cref="AlarmEngine.EscalateUndelivered"/>.</summary>
    public bool EscalateUndelivered(string alarmId, DateTimeOffset activeSince) =>
        _engine.EscalateUndelivered(alarmId, activeSince, Policy, _time.GetUtcNow());

    /// <summary>Acts on the passing of time; returns whether NEWS2 changed (its parameters went stale).</summary>
    public bool Tick()
    {
        var now = _time.GetUtcNow();
        var rescored = News2StaleAt is { } staleAt && now >= staleAt;
        if (rescored)
        {
            ScoreNews2(now);
        }

        _engine.Tick(Policy, now);
        return rescored;
    }

    public void Discharge() => _engine.ResolveAll(_time.GetUtcNow());

    /// <summary>Replaces the patient's own changes to the unit's rules; <see cref="ApplyRules"/> puts them in force.</summary>
    public void SetLimits(IEnumerable<AlarmRuleOverride> overrides)
    {
        _state.LimitOverrides = [.. overrides];
        _rules = null;
    }

    /// <summary>NEWS2 SpO2 scale 1, or 2 for hypercapnic respiratory failure; <see cref="ApplyRules"/> rescores.</summary>
    public void SetSpO2Scale(int scale)
    {
        _state.SpO2Scale = scale;
        (_news2, _tally) = (null, null);
        _scorings++;
    }

    public void SetPolicy(UnitAlarmPolicy policy)
    {
        _state.UnitPolicy = policy;
        _rules = null;
    }

    /// <summary>
    /// Puts changed rules in force at once: alarms of limits that no longer exist end, and the current
    /// values are checked against the rules (and NEWS2 rescored) without waiting for the next reading.
    /// </summary>
    public void ApplyRules()
    {
        var now = _time.GetUtcNow();
        var codes = Rules.SelectMany(r => r.AllLimits).Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        _engine.ResolveWhere((code, _, kind) => kind == AlarmKind.Physiological && !IsNews2(code) && !codes.Contains(code), AlarmTransitionReason.LimitRemoved, now);
        Reevaluate(now);
        _engine.ForgetHandoffs();
        _engine.Tick(Policy, now);
    }

    /// <summary>The earliest time something waits on the clock: a delay, a re-alarm, an escalation, NEWS2 going stale.</summary>
    public DateTimeOffset? NextDueAt => (_engine.NextDueAt(Policy), News2StaleAt) switch
    {
        (null, var stale) => stale,
        (var due, null) => due,
        (var due, var stale) => due < stale ? due : stale,
    };

    public IReadOnlyList<AlarmTransition> TakeTransitions() => _engine.TakeTransitions();

    private bool Take(in ReadingValue reading, string? deviceId, bool ecgInBatch, DateTimeOffset now)
    {
        // Dated beyond the clock rule (refused at the door already): never the latest value.
        if (ReadingClock.SkewBeyondTolerance(reading.At, now) is not null)
        {
            return false;
        }

        // A reading older than the latest value (a late or resent batch) stays out of the picture, unless
        // the latest is itself dated ahead of our clock: it must not hide the readings that follow it.
        if (_state.Latest.TryGetValue(reading.Sign, out var latest) && latest.At > reading.At && latest.At <= now)
        {
            return false;
        }

        var info = VitalSignCatalog.Get(reading.Sign);
        if (info.IsMeasured)
        {
            // An impossible value is the sensor's fault: a technical alarm, never a clinical one.
            var implausible = !info.IsPlausible(reading.Value);
            if (implausible || !_engine.IsQuietKey(VitalConditions.SensorFaultKey(reading.Sign)))
            {
                _engine.Observe(VitalConditions.SensorFault(reading.Sign, reading.Value, reading.At, implausible, deviceId), now);
            }

            if (implausible)
            {
                return false;
            }
        }

        _state.Latest[reading.Sign] = new VitalValue(reading.Value, info.Unit, reading.At);
        Evaluate(reading.Sign, reading.Value, reading.At, ecgInBatch, now);
        return true;
    }

    /// <summary>
    /// The batch by the time each reading was measured, then by sign, keeping the order sent for equal ones (as a stable
    /// sort does); a batch already in that order, as most are, is taken as it is.
    /// </summary>
    private static ReadOnlySpan<ReadingValue> InTimeOrder(ReadOnlySpan<ReadingValue> readings)
    {
        var ordered = true;
        for (var i = 1; i < readings.Length && ordered; i++)
        {
            ordered = Compare(readings[i - 1], readings[i]) <= 0;
        }

        if (ordered)
        {
            return readings;
        }

        var batch = readings.ToArray();
        for (var i = 1; i < batch.Length; i++)
        {
            var reading = batch[i];
            var j = i - 1;
            while (j >= 0 && Compare(batch[j], reading) > 0)
            {
                batch[j + 1] = batch[j];
                j--;
            }

            batch[j + 1] = reading;
        }

        return batch;

        static int Compare(in ReadingValue a, in ReadingValue b) => a.At != b.At ? a.At.CompareTo(b.At) : ((int)a.Sign).CompareTo((int)b.Sign); // as ints: Enum.CompareTo boxes
    }

    private static bool IsNews2(string code) => code.StartsWith("news2-", StringComparison.Ordinal);
}
