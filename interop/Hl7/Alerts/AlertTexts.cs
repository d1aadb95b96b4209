using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Hl7.Alerts;

/// <summary>
/// Our alarm codes in words a pager or a phone can show (<c>spo2-desat</c>: "SpO2 desaturation"), and which
/// side of a vital sign's limits an alarm is on (MDC_EVT_LO or MDC_EVT_HI in a PCD-04 message).
/// </summary>
public static class AlertTexts
{
    /// <summary>NEWS2 observations overdue: a reminder to measure, an advisory rather than an alarm of the patient's state.</summary>
    public const string ObservationsOverdueCode = "news2-overdue";

    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        [AlarmRuleSet.AsystoleCode] = "Asystole",
        [AlarmRuleSet.ApnoeaCode] = "Apnoea",
        [AlarmRuleSet.DesaturationCode] = "SpO2 desaturation",
        [AlarmRuleSet.HeartRateExtremeLowCode] = "Extreme bradycardia",
        [AlarmRuleSet.HeartRateExtremeHighCode] = "Extreme tachycardia",
        ["news2-high"] = "NEWS2 7 or more",
        ["news2-medium"] = "NEWS2 5 or 6",
        ["news2-single-3"] = "NEWS2 3 in one parameter",
        [ObservationsOverdueCode] = "Observations overdue",
        ["device-offline"] = "Device offline",
        ["device-clock"] = "Device clock wrong",
        ["device-unbound"] = "Device unbound",
    };

    private static readonly Dictionary<VitalSign, string> Names = new()
    {
        [VitalSign.HeartRate] = "Heart rate",
        [VitalSign.PulseRate] = "Pulse rate",
        [VitalSign.SpO2] = "SpO2",
        [VitalSign.RespirationRate] = "Respiration rate",
        [VitalSign.SystolicPressure] = "Systolic BP",
        [VitalSign.DiastolicPressure] = "Diastolic BP",
        [VitalSign.MeanArterialPressure] = "Mean BP",
        [VitalSign.Temperature] = "Temperature",
    };

    /// <summary>The alarm in words; a code we have no words for is shown as it is.</summary>
    public static string Describe(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Fixed.TryGetValue(code, out var text))
        {
            return text;
        }

        var dash = code.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && VitalSignCatalog.TryGetByCode(code[..dash], out var info) && Names.TryGetValue(info.Sign, out var name))
        {
            var rest = code[(dash + 1)..];
            return rest switch
            {
                "low" => $"{name} low",
                "high" => $"{name} high",
                _ => $"{name} {rest.Replace('-', ' ')}",
            };
        }

        return code;
    }

    /// <summary>The side of the limits an alarm code is on: low for <c>-low</c>, the extreme low tiers, desaturation, asystole and apnoea; high for <c>-high</c>; else none.</summary>
    public static LimitSide? SideOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code is AlarmRuleSet.AsystoleCode or AlarmRuleSet.ApnoeaCode or AlarmRuleSet.DesaturationCode || code.EndsWith("-low", StringComparison.Ordinal))
        {
            return LimitSide.Low;
        }

        return code.EndsWith("-high", StringComparison.Ordinal) ? LimitSide.High : null;
    }
}
