using Monitoring.Alarms;
using Monitoring.News2;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>NEWS2 from the latest values: scored when a vital changes, its conditions, and when it goes stale.</summary>
public sealed partial class PatientMonitor
{
    /// <summary>NEWS2 as of the last change of a vital: computed then, not on every read.</summary>
    public News2Result LatestNews2 => _news2 ??= News2Score();

    /// <summary>NEWS2 now, with whether observations are overdue and the RCP monitoring frequency that applies.</summary>
    public News2Result News2Score()
    {
        var score = News2Calculator.Calculate(News2Inputs(), _time.GetUtcNow(), _news2MaxAge);
        var lastComplete = score.Band ?? _state.LastCompleteNews2Band;
        var overdue = IsOverdue(score.Complete, score.Parameters.Any(p => p.Status == News2ParameterStatus.Stale));
        return score with
        {
            Overdue = overdue,
            LastCompleteBand = lastComplete,
            MonitoringFrequency = lastComplete is { } band ? News2Calculator.MonitoringFrequency(band) : null,
        };
    }

    /// <summary>
    /// When a parameter of a complete score goes stale (what makes observations overdue), or null. Worked out once per
    /// scoring: the times it depends on change only with a reading, and a reading that changes one is scored again.
    /// </summary>
    private DateTimeOffset? News2StaleAt
    {
        get
        {
            var tally = LatestTally;
            if (_staleAtOf != _scorings)
            {
                _staleAt = tally.Complete ? EarliestNews2Measurement() + _news2MaxAge + TimeSpan.FromMilliseconds(1) : null;
                _staleAtOf = _scorings;
            }

            return _staleAt;
        }
    }

    /// <summary>The score as a whole as of the last scoring (what the alarms read); the full result is made only when asked for.</summary>
    private News2Tally LatestTally => _tally ??= News2Calculator.Tally(News2Inputs(), _time.GetUtcNow(), _news2MaxAge);

    /// <summary>
    /// Scores NEWS2 again and observes its conditions: the band ladder (a score that proves no band, with nothing open or
    /// pending on the ladder, changes nothing there) and overdue observations (on time, with none open, changes nothing).
    /// The full result (<see cref="LatestNews2"/>) is made only when read (for the dashboards).
    /// </summary>
    private void ScoreNews2(DateTimeOffset now)
    {
        var tally = News2Calculator.Tally(News2Inputs(), now, _news2MaxAge);
        var overdue = IsOverdue(tally.Complete, tally.AnyStale);
        (_tally, _news2) = (tally, null);
        _scorings++;
        if (tally.Band is { } band)
        {
            _state.LastCompleteNews2Band = band;
        }

        if (News2Conditions.ProvesBand(tally) || !_engine.IsQuiet(News2Conditions.Ladder, News2Conditions.BandTiers))
        {
            _engine.ObserveLadder(News2Conditions.From(tally, now, Policy.News2ConditionDelay), now);
        }

        if (overdue || !_engine.IsQuietKey(News2Conditions.OverdueCode))
        {
            _engine.Observe(News2Conditions.Overdue(tally, overdue, tally.Band ?? _state.LastCompleteNews2Band, now), now);
        }
    }

    /// <summary>Observations are overdue when a score is incomplete for a stale parameter after a complete one.</summary>
    private bool IsOverdue(bool complete, bool anyStale) => !complete && anyStale && _state.LastCompleteNews2Band is not null;

    private News2Inputs News2Inputs()
    {
        var latest = _state.Latest;
        Measured<double>? Value(VitalSign sign) => latest.TryGetValue(sign, out var v) ? new Measured<double>(v.Value, v.At) : null;

        // Pulse from whichever of pulse rate and heart rate is newer (pulse rate when both were measured at once).
        var (pulseRate, heartRate) = (Value(VitalSign.PulseRate), Value(VitalSign.HeartRate));
        var pulse = heartRate is { } hr && (pulseRate is not { } pr || hr.At > pr.At) ? heartRate : pulseRate;
        var oxygen = Value(VitalSign.SupplementalOxygen) is { } o2 ? new Measured<bool>(o2.Value >= 1, o2.At) : (Measured<bool>?)null;
        var consciousness = Value(VitalSign.Consciousness) is { } c ? new Measured<Consciousness>((Consciousness)(int)c.Value, c.At) : (Measured<Consciousness>?)null;
        return new News2Inputs(Value(VitalSign.RespirationRate), Value(VitalSign.SpO2), oxygen, Value(VitalSign.SystolicPressure),
            pulse, consciousness, Value(VitalSign.Temperature), _state.SpO2Scale);
    }

    /// <summary>When the oldest NEWS2 parameter present was measured (pulse: the newer of heart rate and pulse rate).</summary>
    private DateTimeOffset EarliestNews2Measurement()
    {
        var latest = _state.Latest;
        var earliest = DateTimeOffset.MaxValue;
        foreach (var sign in (ReadOnlySpan<VitalSign>)[
            VitalSign.RespirationRate, VitalSign.SpO2, VitalSign.SupplementalOxygen, VitalSign.SystolicPressure,
            VitalSign.Consciousness, VitalSign.Temperature])
        {
            if (latest.TryGetValue(sign, out var value) && value.At < earliest)
            {
                earliest = value.At;
            }
        }

        DateTimeOffset? pulse = (latest.GetValueOrDefault(VitalSign.PulseRate)?.At, latest.GetValueOrDefault(VitalSign.HeartRate)?.At) switch
        {
            ({ } pr, { } hr) => pr > hr ? pr : hr,
            (var pr, var hr) => pr ?? hr,
        };
        return pulse is { } at && at < earliest ? at : earliest;
    }
}
