namespace Monitoring.Storage;

/// <summary>What the writer of the vitals history promises its readers about the rows of <c>vitals_batches</c>.</summary>
public static class VitalsHistoryLayout
{
    /// <summary>
    /// The longest time one row covers, from its first reading to its last: a query for readings from
    /// <c>T</c> finds them all in rows that start no earlier than <c>T</c> minus this.
    /// </summary>
    public static readonly TimeSpan LongestRowSpan = TimeSpan.FromMinutes(15);
}
