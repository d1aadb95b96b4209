namespace Monitoring.News2;

/// <summary>
/// The score of one NEWS2 parameter. <see cref="Value"/> is the value as measured (scored, or stale); for <see cref="News2Parameter.AirOrOxygen"/> 1 is oxygen and 0 is air,
/// for <see cref="News2Parameter.Consciousness"/> it is the <see cref="Vitals.Consciousness"/> value.
/// <see cref="Score"/> is null unless <see cref="Status"/> is <see cref="News2ParameterStatus.Scored"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.news2-parameter-score")]
public sealed record News2ParameterScore(
    [property: Id(0)] News2Parameter Parameter,
    [property: Id(1)] double? Value,
    [property: Id(2)] int? Score,
    [property: Id(3)] News2ParameterStatus Status);
