using System.Globalization;
using Monitoring.Api.Http;

namespace Monitoring.Api.Limits;

/// <summary>
/// The checks of the fields a limit is made of (a number, a condition delay), in a rule or in a tier; a bad one is
/// recorded under its path (<c>spo2.lowTiers[0].limit</c>). A field left out or null reads as null: it keeps what
/// the rule below says.
/// </summary>
public static class AlarmLimitFields
{
    public const double MaxConditionDelaySeconds = 300;

    public static string NotANumber(string name) => $"'{name}' must be a number.";

    public static string NotAPriority(string name) => $"'{name}' must be \"high\", \"medium\" or \"low\".";

    /// <summary>A finite number (JSON's 1e400 reads as infinity), or null.</summary>
    public static double? Number(double? value, string name, string path, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is { } number && !double.IsFinite(number))
        {
            errors.Add($"{path}.{name}", NotANumber(name));
            return null;
        }

        return value;
    }

    /// <summary><c>conditionDelaySeconds</c>: from 0 to 300 s.</summary>
    public static TimeSpan? ConditionDelay(double? value, string path, FieldErrors errors)
    {
        const string name = "conditionDelaySeconds";
        var seconds = Number(value, name, path, errors);
        if (seconds is < 0 or > MaxConditionDelaySeconds)
        {
            errors.Add($"{path}.{name}", $"Must be from 0 to {MaxConditionDelaySeconds.ToString(CultureInfo.InvariantCulture)} seconds.");
            return null;
        }

        return seconds is { } s ? TimeSpan.FromSeconds(s) : null;
    }
}
