using Microsoft.Extensions.Configuration;

namespace Monitoring.UnitTests.Configuration;

/// <summary>docs/CONFIGURATION.md names every setting the code reads and every key the appsettings files set.</summary>
public sealed class ConfigurationReferenceTests
{
    private static readonly string Reference = File.ReadAllText(Path.Combine(SettingsCatalog.RepositoryRoot, "docs", "CONFIGURATION.md"));

    [Fact]
    public void The_options_classes_of_the_silo_the_api_and_the_grains_are_all_found()
    {
        var sections = SettingsCatalog.OptionsClasses.Select(SettingsCatalog.SectionOf).ToHashSet(StringComparer.Ordinal);

        // One from each assembly, so that a lost assembly cannot make the next test pass by finding nothing.
        Assert.Superset(new HashSet<string?>(["Cluster", "Snapshots", "Auth", "Silo", "Operations"], StringComparer.Ordinal), sections);
    }

    [Fact]
    public void Every_setting_of_every_options_class_is_documented()
    {
        var missing = SettingsCatalog.Keys().Where(key => !Documented(key)).ToList();

        Assert.True(missing.Count == 0, $"docs/CONFIGURATION.md does not document: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("api")]
    public void Every_key_in_appsettings_json_is_documented(string program)
    {
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(SettingsCatalog.RepositoryRoot, program, "appsettings.json"), optional: false, reloadOnChange: false)
            .Build();

        // Logging is documented by its families (Logging:LogLevel:*, Logging:Console:FormatterOptions:*), not key by key.
        var missing = settings.AsEnumerable()
            .Where(setting => setting.Value is not null && !setting.Key.StartsWith("Logging:", StringComparison.Ordinal))
            .Select(setting => setting.Key)
            .Where(key => !Documented(key))
            .ToList();

        Assert.True(missing.Count == 0, $"docs/CONFIGURATION.md does not document these keys of {program}/appsettings.json: {string.Join(", ", missing)}");
    }

    // A key counts as documented where it stands as a code span of its own, as in the tables' first column.
    private static bool Documented(string key) => Reference.Contains($"`{key}`", StringComparison.Ordinal);
}
