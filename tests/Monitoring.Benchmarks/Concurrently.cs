namespace Monitoring.Benchmarks;

/// <summary>Set-up and tear-down calls to the api, 64 at a time: quick, without flooding it.</summary>
public static class Concurrently
{
    public static Task ForEachAsync(int count, Func<int, Task> action) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) => await action(i));
}
