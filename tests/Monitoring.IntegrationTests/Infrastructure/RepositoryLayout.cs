namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>The built silo and api next to these tests (the checkout itself is <see cref="Repository.Root"/>).</summary>
public static class RepositoryLayout
{
    /// <summary>Debug or Release: whatever these tests were built as.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string SiloAssembly => Built("silo", "Monitoring.Silo.dll");

    public static string ApiAssembly => Built("api", "Monitoring.Api.dll");

    private static string Built(string project, string assembly)
    {
        var path = Path.Combine(Repository.Root, project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.", path);
    }
}
