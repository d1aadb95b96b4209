namespace Monitoring.Benchmarks.Soak;

/// <summary>One of the figures, what this run measured for it, and whether it was met (null: the run could not tell).</summary>
public sealed record SoakTarget(string Figure, string Measured, bool? Met)
{
    public string Verdict => Met switch
    {
        true => "met",
        false => "**not met**",
        null => "not measured",
    };
}
