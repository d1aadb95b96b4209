namespace Monitoring.Simulator;

/// <summary>What the command line asked for: a run, the help text, or nothing usable.</summary>
public sealed record OptionsParseResult(SimulatorOptions? Options, string? Error, bool HelpRequested)
{
    public static OptionsParseResult Help { get; } = new(null, null, true);

    public static OptionsParseResult Fail(string error) => new(null, error, false);

    public static OptionsParseResult Run(SimulatorOptions options) => new(options, null, false);
}
