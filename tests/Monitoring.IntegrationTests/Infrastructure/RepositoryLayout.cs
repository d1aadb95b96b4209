namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>Finds the repository and the built silo and api next to these tests.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever these tests were built as.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string SiloAssembly => Built("silo", "Monitoring.Silo.dll");

    public static string ApiAssembly => Built("api", "Monitoring.Api.dll");

    private static string Built(string project, string assembly)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Monitoring.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Monitoring.slnx not found above " + AppContext.BaseDirectory);
    }
}
