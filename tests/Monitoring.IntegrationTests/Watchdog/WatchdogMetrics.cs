using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitoring.IntegrationTests.Watchdog;

/// <summary>What an api host's <c>/metrics</c> says of its watchdog: its host name, its probes by outcome, whether it is degraded.</summary>
public static partial class WatchdogMetrics
{
    public static async Task<WatchdogReading?> ReadAsync(Uri apiUrl)
    {
        using var http = new HttpClient { BaseAddress = apiUrl };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        if (Degraded().Match(text) is not { Success: true } degraded)
        {
            return null;
        }

        var arrived = Arrived().Match(text);
        return new(degraded.Groups["host"].Value,
            arrived.Success ? double.Parse(arrived.Groups["count"].Value, CultureInfo.InvariantCulture) : 0,
            degraded.Groups["value"].Value != "0");
    }

    [GeneratedRegex("""^monitoring_watchdog_degraded(?:_[a-z]+)?\{[^}]*host="(?<host>[^"]+)"[^}]*\} (?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex Degraded();

    [GeneratedRegex("""^monitoring_watchdog_probes(?:_[a-z]+)?_total\{(?=[^}]*outcome="arrived")[^}]*\} (?<count>\S+)""", RegexOptions.Multiline)]
    private static partial Regex Arrived();
}

/// <summary>An api host's watchdog as its metrics show it.</summary>
public sealed record WatchdogReading(string Host, double Arrived, bool Degraded);
