using Monitoring.Simulator;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitoring.Benchmarks;

/// <summary>
/// wrk, an independent HTTP load generator written in C, posting the same reading batches
/// (<c>wrk/readings.lua</c>) to the bare endpoint and to the real api, so that the ratio between them
/// is not limited by a .NET client sharing the cores.
/// </summary>
public static partial class Wrk
{
    public const int Threads = 2;

    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "wrk", "readings.lua");
    private static long _runs;

    /// <summary>Runs wrk against <paramref name="server"/> and counts the 202 answers.</summary>
    public static async Task<RateResult> PostReadingsAsync(SimulatorCredentials credentials, Uri server, string devicePrefix, int devices, int connections, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        // Each device signs in with its own token, as on the ward (the bare endpoint ignores it, but gets the same bytes).
        var tokens = Path.Combine(Path.GetTempPath(), $"wrk-tokens-{Environment.ProcessId}-{devicePrefix}.txt");
        await File.WriteAllLinesAsync(tokens, Enumerable.Range(0, devices).Select(i => credentials.ForDevice(devicePrefix + i.ToString(CultureInfo.InvariantCulture)).Parameter!));
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{duration.TotalSeconds:0}s", "--timeout", "10s", "-s", Script, server.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["WRK_DEVICE_PREFIX"] = devicePrefix;
        start.Environment["WRK_TOKENS_FILE"] = tokens;
        start.Environment["WRK_DEVICES"] = devices.ToString(CultureInfo.InvariantCulture);
        start.Environment["WRK_THREADS"] = Threads.ToString(CultureInfo.InvariantCulture);
        start.Environment["WRK_SEQUENCE_BASE"] = (Interlocked.Increment(ref _runs) * 1_000_000_000L).ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = ResultLine().Match(await output);
        if (process.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}): {await errors}{await output}");
        }

        long Number(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        var seconds = double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        return new RateResult(Number("accepted"), Number("other") + Number("errors"), Number("accepted") / seconds)
        {
            P99Ms = double.Parse(match.Groups["p99"].Value, CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"wrk-result accepted=(?<accepted>\d+) other=(?<other>\d+) errors=(?<errors>\d+) seconds=(?<seconds>[\d.]+) p99ms=(?<p99>[\d.]+)")]
    private static partial Regex ResultLine();
}
