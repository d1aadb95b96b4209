namespace Monitoring.UnitTests;

/// <summary>Folders of the checkout these tests were built from, found by walking up from the test binaries.</summary>
internal static class RepositoryFolders
{
    /// <summary>The folder holding <c>Monitoring.slnx</c>.</summary>
    public static string Root { get; } = FindUp(AppContext.BaseDirectory, "Monitoring.slnx")
        ?? throw new DirectoryNotFoundException($"No Monitoring.slnx above {AppContext.BaseDirectory}.");

    /// <summary><c>../shared/fixtures/{kind}</c> beside the checkout, or <c>null</c> when it is not there (a clone on its own).</summary>
    public static string? SharedFixtures(string kind) =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", kind)) is var folder && Directory.Exists(folder) ? folder : null;

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
