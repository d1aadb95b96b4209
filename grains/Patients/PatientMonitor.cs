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
public sealed class PatientMonitor
{
    private readonly PatientState _state;
    private readonly TimeProvider _time;
    private readonly TimeSpan _news2MaxAge;
    private News2Result? _news2;
    private readonly AlarmEngine _engine;
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

    /// <summary>Takes readings from a device (or from a nurse, with no device); returns whether a latest value changed.</summary>
    public bool Record(string? deviceId, IEnumerable<Reading> readings)
    {
        var now = _time.GetUtcNow();
        if (deviceId is not null)
        {
            _engine.Observe(DeviceConditions.Offline(deviceId, silent: false, now), now);
            _engine.Observe(DeviceConditions.Clock(deviceId, skew: null, now), now);
        }

        var changed = false;
        foreach (var reading in readings.OrderBy(r => r.At))
        {
            changed |= Take(reading, now);
        }

        if (changed)
        {
            _news2 = News2Score();
            foreach (var observation in News2Conditions.From(_news2, now, Policy.News2ConditionDelay))
            {
                _engine.Observe(observation, now);
            }
        }

        _engine.Tick(Policy, now);
        return changed;
    }

    public void ReportDeviceSilent(string deviceId)
    {
        var now = _time.GetUtcNow();
        _engine.Observe(DeviceConditions.Offline(deviceId, silent: true, now), now);
    }

    public void ReportDeviceClock(string deviceId, TimeSpan skew)
    {
        var now = _time.GetUtcNow();
        _engine.Observe(DeviceConditions.Clock(deviceId, skew, now), now);
    }

    public AcknowledgeOutcome Acknowledge(string alarmId, string actor) => _engine.Acknowledge(alarmId, actor, _time.GetUtcNow());

    public void Tick() => _engine.Tick(Policy, _time.GetUtcNow());

    public void Discharge() => _engine.ResolveAll(_time.GetUtcNow());

    public void SetLimits(IEnumerable<AlarmRuleOverride> overrides)
    {
        _state.LimitOverrides = [.. overrides];
        _rules = null;
    }

    /// <summary>NEWS2 SpO2 scale 1, or 2 for hypercapnic respiratory failure.</summary>
    public void SetSpO2Scale(int scale)
    {
        _state.SpO2Scale = scale;
        _news2 = null;
    }

    public void SetPolicy(UnitAlarmPolicy policy)
    {
        _state.UnitPolicy = policy;
        _rules = null;
    }

    public DateTimeOffset? NextDueAt => _engine.NextDueAt(Policy);

    public IReadOnlyList<AlarmTransition> TakeTransitions() => _engine.TakeTransitions();

    /// <summary>NEWS2 as of the last change of a vital: computed then, not on every read.</summary>
    public News2Result LatestNews2 => _news2 ??= News2Score();

    public News2Result News2Score()
    {
        var latest = _state.Latest;
        Measured<double>? Value(VitalSign sign) => latest.TryGetValue(sign, out var v) ? new Measured<double>(v.Value, v.At) : null;

        // Pulse from whichever of pulse rate and heart rate is newer.
        var pulse = new[] { Value(VitalSign.PulseRate), Value(VitalSign.HeartRate) }.Where(v => v is not null).MaxBy(v => v!.Value.At);
        var oxygen = Value(VitalSign.SupplementalOxygen) is { } o2 ? new Measured<bool>(o2.Value >= 1, o2.At) : (Measured<bool>?)null;
        var consciousness = Value(VitalSign.Consciousness) is { } c ? new Measured<Consciousness>((Consciousness)(int)c.Value, c.At) : (Measured<Consciousness>?)null;
        var inputs = new News2Inputs(Value(VitalSign.RespirationRate), Value(VitalSign.SpO2), oxygen, Value(VitalSign.SystolicPressure),
            pulse, consciousness, Value(VitalSign.Temperature), _state.SpO2Scale);
        return News2Calculator.Calculate(inputs, _time.GetUtcNow(), _news2MaxAge);
    }

    private bool Take(Reading reading, DateTimeOffset now)
    {
        // A reading older than the latest value (a late or resent batch) stays out of the picture.
        if (_state.Latest.TryGetValue(reading.Sign, out var latest) && latest.At > reading.At)
        {
            return false;
        }

        var info = VitalSignCatalog.Get(reading.Sign);
        if (info.IsMeasured)
        {
            // An impossible value is the sensor's fault: a technical alarm, never a clinical one.
            var implausible = !info.IsPlausible(reading.Value);
            _engine.Observe(VitalConditions.SensorFault(reading, implausible), now);
            if (implausible)
            {
                return false;
            }
        }

        _state.Latest[reading.Sign] = new VitalValue(reading.Value, info.Unit, reading.At);
        foreach (var rule in Rules.Where(r => r.Sign == reading.Sign))
        {
            foreach (var observation in VitalConditions.Limits(rule, reading))
            {
                _engine.Observe(observation, now);
            }
        }

        return true;
    }
}
