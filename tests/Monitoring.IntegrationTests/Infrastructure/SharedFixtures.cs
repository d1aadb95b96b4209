namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// The messages in <c>../shared/fixtures</c>, written outside this project. Tests on them carry
/// <see cref="SharedFixtureTheoryAttribute"/>: skipped, saying so, in a clone on its own; failing in CI
/// when the folder is not there.
/// </summary>
public static class SharedFixtures
{
    public static string Folder => Repository.SharedFixturesFolder;

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));
}
