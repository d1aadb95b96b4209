using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>Values against the rules in force: each reading as it comes, and the current values when the rules change.</summary>
public sealed partial class PatientMonitor
{
    /// <summary>
    /// A value against its rule's tiers on both sides. Heart rate and pulse rate are one pulse condition
    /// under the heart-rate rule: the ECG's when there is one, the pulse rate's when there is no ECG.
    /// </summary>
    private void Evaluate(VitalSign sign, double value, DateTimeOffset at, bool ecgInBatch, DateTimeOffset now)
    {
        if (sign == VitalSign.PulseRate && (ecgInBatch || EcgIsPresent(now)))
        {
            return;
        }

        var ruleSign = sign == VitalSign.PulseRate ? VitalSign.HeartRate : sign;
        if (RuleFor(ruleSign) is not { } rule)
        {
            return;
        }

        Evaluate(rule, LimitSide.Low, sign, value, at, now);
        Evaluate(rule, LimitSide.High, sign, value, at, now);
    }

    /// <summary>One side of the rule; a value past none of its tiers, with nothing open or pending there, changes nothing and is not observed.</summary>
    private void Evaluate(AlarmRule rule, LimitSide side, VitalSign source, double value, DateTimeOffset at, DateTimeOffset now)
    {
        var ladder = rule.Ladder(side);
        if (ladder.IsEmpty || (!VitalConditions.BreachesAny(ladder, value) && _engine.IsQuiet(VitalConditions.LadderOf(rule, side), ladder)))
        {
            return;
        }

        _engine.ObserveLadder(VitalConditions.Tiers(rule, side, value, at, source), now);
    }

    private AlarmRule? RuleFor(VitalSign sign)
    {
        foreach (var rule in Rules)
        {
            if (rule.Sign == sign)
            {
                return rule;
            }
        }

        return null;
    }

    private bool EcgIsPresent(DateTimeOffset now) =>
        _state.Latest.TryGetValue(VitalSign.HeartRate, out var ecg) && now - ecg.At <= EcgPresence;

    /// <summary>The current values (measured within the NEWS2 age) against the rules in force, and NEWS2 rescored.</summary>
    private void Reevaluate(DateTimeOffset now)
    {
        // The pulse condition from one source: the ECG while it is present, else the newer of the two.
        var pulseRateLeads = !EcgIsPresent(now) && _state.Latest.TryGetValue(VitalSign.PulseRate, out var pr)
            && (!_state.Latest.TryGetValue(VitalSign.HeartRate, out var hr) || pr.At > hr.At);
        foreach (var (sign, latest) in _state.Latest.OrderBy(kv => kv.Key))
        {
            if (sign == (pulseRateLeads ? VitalSign.HeartRate : VitalSign.PulseRate))
            {
                continue;
            }

            if (VitalSignCatalog.Get(sign).IsMeasured && now - latest.At <= _news2MaxAge && latest.At <= now + ReadingClock.FutureTolerance)
            {
                Evaluate(sign, latest.Value, latest.At, ecgInBatch: sign == VitalSign.HeartRate, now);
            }
        }

        ScoreNews2(now);
    }
}
