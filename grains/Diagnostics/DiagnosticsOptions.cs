namespace Monitoring.Diagnostics;

/// <summary>Diagnostics that cost the silo dearly, off unless asked for (the benchmark turns them on).</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>
    /// Whether <see cref="IPingGrain.CollectAndMeasureHeapAsync"/> may run: it forces a full, compacting,
    /// blocking collection, which pauses the silo; anyone able to call grains could otherwise stall it at will.
    /// </summary>
    public bool AllowHeapMeasurement { get; set; }
}
