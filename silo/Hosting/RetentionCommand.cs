using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.History;

namespace Monitoring.Silo.Hosting;

/// <summary>
/// <c>Monitoring.Silo retention [--as-of 2026-12-20T00:00:00Z]</c>: one retention run now, beside the running
/// silos (which run it every ten minutes), or as it will be at a later time, to see on a test system what
/// the coming days will drop. A run as of later still never drops a partition whose time has not ended,
/// nor readings the minute trends have not taken in; the audit trail records the real time.
/// </summary>
internal static class RetentionCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] arguments)
    {
        DateTimeOffset? asOf = null;
        if (arguments is ["--as-of", var text])
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                await Console.Error.WriteLineAsync($"--as-of '{text}' is not a time; give an ISO-8601 time such as 2026-12-20T00:00:00Z.");
                return 2;
            }

            asOf = at;
        }
        else if (arguments.Length > 0)
        {
            await Console.Error.WriteLineAsync("Usage: Monitoring.Silo retention [--as-of <ISO-8601 time>]");
            return 2;
        }

        var retention = ActivatorUtilities.CreateInstance<HistoryRetention>(services);
        var dropped = await retention.RunOnceAsync(asOf, CancellationToken.None);
        Console.WriteLine(dropped.Count == 0
            ? $"Retention{(asOf is null ? "" : $" as of {asOf:u}")}: nothing past its window (or another silo is running it)."
            : $"Retention{(asOf is null ? "" : $" as of {asOf:u}")}: dropped {string.Join(", ", dropped)}.");
        return 0;
    }
}
