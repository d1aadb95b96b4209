using System.Globalization;
using System.Reflection;

namespace Monitoring.Silo.Database;

/// <summary>The migrations compiled into this build, in version order.</summary>
public static class MigrationCatalog
{
    private const string ResourcePrefix = "Monitoring.Silo.Database.Migrations.";

    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>The schema version this build needs.</summary>
    public static int ExpectedVersion => All[^1].Version;

    private static Migration[] Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n))
            .OrderBy(m => m.Version)
            .ToArray();

        var expected = 1;
        foreach (var migration in migrations)
        {
            if (migration.Version != expected)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3, ... without gaps; found {migration.Name} where {expected} was due.");
            }

            expected++;
        }

        return migrations;
    }

    private static Migration Read(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^".sql".Length];
        var version = int.Parse(name.AsSpan(0, name.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }
}
