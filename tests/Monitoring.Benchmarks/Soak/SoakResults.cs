using Monitoring.Simulator;

namespace Monitoring.Benchmarks.Soak;

/// <summary>Everything a soak run measured, ready to report.</summary>
public sealed record SoakResults(
    int LoadEnd,
    int ChartEnd,
    TrafficSeconds Traffic,
    IReadOnlyList<Fault> Faults,
    IReadOnlyList<SoakWindow> Windows,
    IReadOnlyList<SoakWindow> TenSecondWindows,
    IReadOnlyList<SoakTarget> Targets,
    IReadOnlyList<string> Totals,
    CounterSnapshot Devices,
    HistoryCheck History,
    IReadOnlyList<string> Processes,
    IReadOnlyList<ProcessSample> Samples);
