namespace Monitoring.News2;

/// <summary>
/// NEWS2 as a whole, without its parameters (<see cref="News2Calculator.Tally"/>): the total of the parameters scored,
/// whether all seven are, whether any scores 3, and whether any is stale.
/// </summary>
public readonly record struct News2Tally(int Total, bool Complete, bool AnySingleParameterThree, bool AnyStale)
{
    /// <summary>The band when complete (<see cref="News2Calculator.BandOf"/>), or null.</summary>
    public News2Band? Band => Complete ? News2Calculator.BandOf(Total, AnySingleParameterThree) : null;
}
