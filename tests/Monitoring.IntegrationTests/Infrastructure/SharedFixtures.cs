namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// The messages in <c>../shared/fixtures</c>, written outside this project. They sit beside the
/// repository in CI; a clone on its own does not have them, and then the tests that need them are
/// reported as skipped, saying so.
/// </summary>
public static class SharedFixtures
{
    public static string Folder { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryLayout.Root, "..", "shared", "fixtures"));

    public static bool Present => Directory.Exists(Folder);

    public static string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Folder, relativePath));
}

/// <summary>A theory over files in <c>../shared/fixtures</c>: skipped, with the reason, when that folder is not there.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedFixtureTheoryAttribute : TheoryAttribute
{
    public SharedFixtureTheoryAttribute()
    {
        if (!SharedFixtures.Present)
        {
            Skip = $"the outside fixtures are not at {SharedFixtures.Folder} (they are in CI); the project's own fixtures cover the same ground";
        }
    }
}
