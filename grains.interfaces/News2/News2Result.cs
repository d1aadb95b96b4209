using System.Collections.Immutable;

namespace Monitoring.News2;

/// <summary>
/// A NEWS2 score (RCP NEWS2, 2017). <see cref="Score"/> is the sum of the scored parameters;
/// <see cref="Band"/> is set only when <see cref="Complete"/> (all seven parameters scored).
/// <see cref="Parameters"/> always holds the seven parameters in <see cref="News2Parameter"/> order.
/// <see cref="Overdue"/> is set when a parameter of the last complete score has gone stale;
/// <see cref="MonitoringFrequency"/> is the RCP minimum monitoring frequency of <see cref="LastCompleteBand"/>
/// (<c>12-hourly</c>, <c>4-6-hourly</c>, <c>hourly</c> or <c>continuous</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.news2-result")]
public sealed record News2Result(
    [property: Id(0)] int Score,
    [property: Id(1)] bool Complete,
    [property: Id(2)] News2Band? Band,
    [property: Id(3)] bool AnySingleParameterThree,
    [property: Id(4)] ImmutableArray<News2ParameterScore> Parameters,
    [property: Id(5)] int SpO2Scale,
    [property: Id(6)] bool Overdue = false,
    [property: Id(7)] string? MonitoringFrequency = null,
    [property: Id(8)] News2Band? LastCompleteBand = null);
