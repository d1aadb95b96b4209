using System.Globalization;

namespace Monitoring.Benchmarks;

/// <summary>What to measure, from the command line (<c>--name value</c>).</summary>
public sealed record BenchmarkOptions(
    Uri Api,
    string Database,
    string ClusterId,
    int SiloPid,
    int ApiPid,
    IReadOnlyList<int> Devices,
    Monitoring.Simulator.MllpAddress? Mllp,
    IReadOnlyList<int> MllpDevices,
    IReadOnlyList<int> WebSocketDevices,
    IReadOnlyList<int> GatewayDevices,
    IReadOnlyList<int> FloorDevices,
    int IdlePatients,
    int StreamingPatients,
    int HistoryBeds,
    int HistoryDays,
    int HistoryWard,
    TimeSpan Warmup,
    TimeSpan Duration,
    int BreachesPerSecond,
    int Concurrency,
    string ResultFile,
    string Markdown,
    string Command)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var values = Values(args);
        string Get(string name, string? fallback = null) => Value(values, name, fallback);
        int Int(string name, int fallback) => IntValue(values, name, fallback);
        IReadOnlyList<int> Sizes(string name, string fallback) =>
            [.. Get(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture))];
        Monitoring.Simulator.MllpAddress? mllp = null;
        if (values.TryGetValue("mllp", out var address) && !Monitoring.Simulator.MllpAddress.TryParse(address, out mllp))
        {
            throw new ArgumentException($"--mllp '{address}' is not host:port.");
        }

        var http = Sizes("devices", "1000,2500,5000,10000");
        var mllpSizes = mllp is null ? [] : Sizes("mllp-devices", "1000,2500");
        var webSocket = Sizes("ws-devices", "2500");
        var gateway = Sizes("gateway-devices", "2500,10000");
        // Orleans' own floor (CallFloor) at each size a ward is run at, unless told otherwise.
        var floor = values.ContainsKey("floor-devices")
            ? Sizes("floor-devices", "")
            : [.. http.Concat(mllpSizes).Concat(webSocket).Concat(gateway).Distinct().Order()];
        return new BenchmarkOptions(
            new Uri(Get("api")),
            Get("db"),
            Get("cluster"),
            Int("silo-pid", 0),
            Int("api-pid", 0),
            http,
            mllp,
            mllpSizes,
            webSocket,
            gateway,
            floor,
            Int("idle-patients", 2000),
            Int("streaming-patients", 2000),
            Int("history-beds", 500),
            Int("history-days", 7),
            Int("history-ward", 1000),
            TimeSpan.FromSeconds(Int("warmup", 10)),
            TimeSpan.FromSeconds(Int("duration", 30)),
            // At least 1,000 alarm latencies a ward of 1,050 devices or more in the default 30 s.
            Int("breaches", 35),
            Int("concurrency", 64),
            Get("out", ".data/benchmark/result.json"),
            Get("markdown", "BENCHMARKS.md"),
            Get("command", "deploy/benchmark.sh"));
    }

    /// <summary>The command line's <c>--name value</c> pairs, by name.</summary>
    public static Dictionary<string, string> Values(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return values;
    }

    /// <summary>The value of <c>--name</c>, or <paramref name="fallback"/>; without either, the option is required.</summary>
    public static string Value(Dictionary<string, string> values, string name, string? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");
    }

    public static int IntValue(Dictionary<string, string> values, string name, int fallback) =>
        int.Parse(Value(values, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
