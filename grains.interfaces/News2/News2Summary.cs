namespace Monitoring.News2;

/// <summary>What a bed tile shows of NEWS2: the total, whether all seven parameters are in, and the band (none when incomplete).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.news2-summary")]
public sealed record News2Summary(
    [property: Id(0)] int Score,
    [property: Id(1)] bool Complete,
    [property: Id(2)] News2Band? Band)
{
    public static News2Summary Of(News2Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Score, result.Complete, result.Band);
    }
}
