namespace Monitoring.Tests.Shared;

/// <summary>The checkout these tests were built from, found by walking up from the test binaries, and what lies beside it.</summary>
public static class Repository
{
    /// <summary>The folder holding <c>Monitoring.slnx</c>.</summary>
    public static string Root { get; } = FindUp(AppContext.BaseDirectory, "Monitoring.slnx")
        ?? throw new DirectoryNotFoundException($"No Monitoring.slnx above {AppContext.BaseDirectory}.");

    /// <summary>Whether the tests run in CI (<c>CI</c> set to <c>true</c> or <c>1</c>), where nothing may be missing.</summary>
    public static bool OnCi =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci == "1" || string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase));

    /// <summary><c>../shared/fixtures</c> beside the checkout: messages written outside this project.</summary>
    public static string SharedFixturesFolder { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    /// <summary><c>../shared/API.md</c> beside the checkout: the outside contract, the calls others rely on.</summary>
    public static string SharedApiContract { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "API.md"));

    /// <summary><c>../shared/fixtures/{kind}</c> (the whole folder without a kind), or <c>null</c> when it is not there.</summary>
    public static string? SharedFixtures(string? kind = null) =>
        Path.Combine(SharedFixturesFolder, kind ?? "") is var folder && Directory.Exists(folder) ? Path.GetFullPath(folder) : null;

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds <paramref name="marker"/>.</summary>
    public static string? FindUp(string start, string marker)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
