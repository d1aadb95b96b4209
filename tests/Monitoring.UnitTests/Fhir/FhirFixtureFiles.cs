namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// Where the FHIR fixtures are: HL7's own examples in <c>../shared/fixtures/fhir</c> beside the
/// repository (found by walking up to the folder holding <c>Monitoring.slnx</c>), and the project's
/// own, copied to the output as <c>Fixtures/fhir</c>.
/// </summary>
internal static class FhirFixtureFiles
{
    /// <summary>The shared folder, or <c>null</c> when it is not there (a checkout without ../shared).</summary>
    public static string? SharedFolder { get; } = Repository.SharedFixtures("fhir");

    public static string OwnFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fhir");

    /// <summary>HL7's examples found, by file name; none when the shared folder is missing.</summary>
    public static TheoryData<string> Shared() => Names(SharedFolder);

    public static TheoryData<string> Own() => Names(OwnFolder);

    public static string ReadShared(string name) => File.ReadAllText(Path.Combine(SharedFolder!, name));

    public static string ReadOwn(string name) => File.ReadAllText(Path.Combine(OwnFolder, name));

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
