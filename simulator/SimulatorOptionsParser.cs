using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Monitoring.Simulator.Noise;

namespace Monitoring.Simulator;

/// <summary>Parses <c>--name value</c> (or <c>--name=value</c>) arguments into <see cref="SimulatorOptions"/>.</summary>
public static class SimulatorOptionsParser
{
    /// <summary>Benchmarks run thousands; the MLLP control id leaves room for five-digit bed numbers.</summary>
    public const int MaxBeds = 50_000;

    /// <summary>A day of batches at one a second.</summary>
    public const int MaxQueueLimit = 86_400;
    public const int MaxSetupRate = 100_000;

    // 30 days: timers and cancellation delays cannot go past about 49 days.
    private const double MaxSeconds = 30 * 86_400;

    private static readonly HashSet<string> KnownOptions =
        ["--api", "--unit", "--beds", "--devices", "--deteriorate", "--scenario", "--ramp", "--gap", "--interval",
            "--duration", "--seed", "--transport", "--mllp", "--gateway-devices", "--queue-limit", "--setup-rate", "--adt", "--adt-every",
            "--noise", "--noise-share"];

    public static OptionsParseResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SimulatorOptions();
        var deteriorate = "";
        var scenarios = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h" or "-?")
            {
                return OptionsParseResult.Help;
            }

            var (name, value) = Split(args[i]);
            if (!KnownOptions.Contains(name))
            {
                return OptionsParseResult.Fail(name.StartsWith("--", StringComparison.Ordinal) ? $"Unknown option '{name}'." : $"Unexpected argument '{name}'; options look like --name value.");
            }

            if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            var error = value is null ? $"Option {name} needs a value." : Apply(ref options, ref deteriorate, scenarios, name, value);
            if (error is not null)
            {
                return OptionsParseResult.Fail(error);
            }
        }

        // Checked last because the valid beds depend on --beds, wherever that appears.
        var beds = ScenarioListParser.Parse(deteriorate, scenarios, options.Beds, out var problem);
        return beds is null ? OptionsParseResult.Fail(problem!) : OptionsParseResult.Run(options with { Scenarios = beds });
    }

    private static string? Apply(
        ref SimulatorOptions options, ref string deteriorate, List<string> scenarios, string name, string value)
    {
        switch (name)
        {
            case "--deteriorate":
                deteriorate = value;
                return null;
            case "--scenario":
                // Repeatable: later lists add to (and override) earlier ones.
                scenarios.Add(value);
                return null;
        }

        var o = options;
        (SimulatorOptions? Next, string Expected) step = name switch
        {
            "--api" => (TryApi(value, out var api) ? o with { Api = api } : null, "an absolute http(s) URL"),
            "--unit" => (IsIdentifier(value) ? o with { Unit = value } : null, "letters, digits and '-' (up to 40)"),
            "--beds" or "--devices" => (TryInt(value, 1, MaxBeds, out var beds) ? o with { Beds = beds } : null, $"an integer from 1 to {MaxBeds}"),
            "--queue-limit" => (TryInt(value, 1, MaxQueueLimit, out var limit) ? o with { QueueLimit = limit } : null, $"an integer from 1 to {MaxQueueLimit}"),
            "--setup-rate" => (TryInt(value, 1, MaxSetupRate, out var rate) ? o with { SetupRate = rate } : null, $"an integer from 1 to {MaxSetupRate}"),
            "--seed" => (TryInt(value, int.MinValue, int.MaxValue, out var seed) ? o with { Seed = seed } : null, "an integer"),
            "--ramp" => (TrySeconds(value, 0, MaxSeconds, out var ramp) ? o with { Ramp = ramp } : null, "seconds, 0 to 2592000"),
            "--gap" => (TrySeconds(value, 0, MaxSeconds, out var gap) ? o with { Gap = gap } : null, "seconds, 0 to 2592000"),
            "--interval" => (TrySeconds(value, 0.01, 3600, out var every) ? o with { Interval = every } : null, "seconds, 0.01 to 3600"),
            "--duration" => (TrySeconds(value, 0, MaxSeconds, out var duration) ? o with { Duration = duration } : null, "seconds, 0 to 2592000"),
            "--transport" => (TryTransport(value, out var transport) ? o with { Transport = transport } : null, "http, mllp, websocket or gateway"),
            "--gateway-devices" => (TryInt(value, 1, 10_000, out var perGateway) ? o with { GatewayDevices = perGateway } : null, "an integer from 1 to 10000"),
            "--mllp" => (MllpAddress.TryParse(value, out var mllp) ? o with { Mllp = mllp } : null, "host:port, e.g. 127.0.0.1:2575"),
            "--adt" => (MllpAddress.TryParse(value, out var adt) ? o with { Adt = adt } : null, "host:port of the ADT listener, e.g. 127.0.0.1:2576"),
            "--adt-every" => (TrySeconds(value, 0.01, MaxSeconds, out var adtEvery) ? o with { AdtEvery = adtEvery } : null, "seconds, 0.01 to 2592000"),
            "--noise" => (TryNoise(value, out var noise) ? o with { Noise = noise } : null, "off, low or high"),
            "--noise-share" => (TryInt(value, 0, 100, out var share) ? o with { NoiseShare = share } : null, "a percentage of beds, 0 to 100"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a known option."),
        };

        options = step.Next ?? options;
        return step.Next is null ? Invalid(name, value, step.Expected) : null;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static bool TryTransport(string value, out ReadingsTransport transport)
    {
        (var known, transport) = value.ToUpperInvariant() switch
        {
            "HTTP" => (true, ReadingsTransport.Http),
            "MLLP" => (true, ReadingsTransport.Mllp),
            "WEBSOCKET" => (true, ReadingsTransport.WebSocket),
            "GATEWAY" => (true, ReadingsTransport.Gateway),
            _ => (false, ReadingsTransport.Http),
        };
        return known;
    }

    private static bool TryNoise(string value, out NoiseLevel noise)
    {
        (var known, noise) = value.ToUpperInvariant() switch
        {
            "OFF" => (true, NoiseLevel.Off),
            "LOW" => (true, NoiseLevel.Low),
            "HIGH" => (true, NoiseLevel.High),
            _ => (false, NoiseLevel.Off),
        };
        return known;
    }

    private static bool TryInt(string value, int min, int max, out int result) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result)
        && result >= min && result <= max;

    private static bool TrySeconds(string value, double min, double max, out TimeSpan result)
    {
        result = TimeSpan.Zero;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds < min || seconds > max)
        {
            return false;
        }

        result = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TryApi(string value, [NotNullWhen(true)] out Uri? api)
    {
        api = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            return false;
        }

        // A trailing slash makes relative request paths resolve under any path prefix.
        api = parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return true;
    }

    private static bool IsIdentifier(string value) =>
        value.Length is >= 1 and <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string Invalid(string name, string value, string expected) =>
        $"Invalid value '{value}' for {name}: expected {expected}.";
}
