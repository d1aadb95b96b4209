namespace Monitoring.News2;

/// <summary>
/// What a bed tile shows of NEWS2: the total, whether all seven parameters are in, the band (none when
/// incomplete), whether observations are overdue and the RCP monitoring frequency that applies.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.news2-summary")]
public sealed record News2Summary(
    [property: Id(0)] int Score,
    [property: Id(1)] bool Complete,
    [property: Id(2)] News2Band? Band,
    [property: Id(3)] bool Overdue = false,
    [property: Id(4)] string? MonitoringFrequency = null)
{
    public static News2Summary Of(News2Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Score, result.Complete, result.Band, result.Overdue, result.MonitoringFrequency);
    }
}
