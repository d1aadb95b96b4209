namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// Where the FHIR fixtures are: HL7's own examples in <c>../shared/fixtures/fhir</c> beside the
/// repository (found by walking up to the folder holding <c>Monitoring.slnx</c>), and the project's
/// own, copied to the output as <c>Fixtures/fhir</c>.
/// </summary>
internal static class FhirFixtureFiles
{
    public static string? RepositoryRoot { get; } = FindUp(AppContext.BaseDirectory, "Monitoring.slnx");

    /// <summary>The shared folder, or <c>null</c> when it is not there (a checkout without ../shared).</summary>
    public static string? SharedFolder { get; } = RepositoryRoot is { } root
        && Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "fhir")) is var folder
        && Directory.Exists(folder) ? folder : null;

    public static string OwnFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fhir");

    /// <summary>HL7's examples found, by file name; none when the shared folder is missing.</summary>
    public static TheoryData<string> Shared() => Names(SharedFolder);

    public static TheoryData<string> Own() => Names(OwnFolder);

    public static string ReadShared(string name) => File.ReadAllText(Path.Combine(SharedFolder!, name));

    public static string ReadOwn(string name) => File.ReadAllText(Path.Combine(OwnFolder, name));

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds <paramref name="marker"/>.</summary>
    public static string? FindUp(string start, string marker)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static TheoryData<string> Names(string? folder)
    {
        var data = new TheoryData<string>();
        if (folder is not null && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }
}
