namespace Monitoring.Api.Units;

/// <summary>Orders beds as people number them: "2" before "10", then by name.</summary>
public sealed class BedOrder : IComparer<string>
{
    public static readonly BedOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var xNumber = long.TryParse(x, out var a);
        var yNumber = long.TryParse(y, out var b);
        return (xNumber, yNumber) switch
        {
            (true, true) => a.CompareTo(b),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(x, y),
        };
    }
}
