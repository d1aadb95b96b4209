namespace Monitoring.Simulator;

/// <summary>Settings for one simulator run, as given on the command line.</summary>
public sealed record SimulatorOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5080/");

    public string Unit { get; init; } = "icu-3w";

    public int Beds { get; init; } = 8;

    public IReadOnlySet<int> DeterioratingBeds { get; init; } = new SortedSet<int>();

    public TimeSpan Ramp { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to stream; <see cref="TimeSpan.Zero"/> means until stopped.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.Zero;

    public int Seed { get; init; } = 42;
}
