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

        // Numbers are reserved per branch, so one may be missing until its branch is merged: the runner applies every
        // migration not yet recorded, in order, whatever is above it, and the schema gate asks for each. Two files of
        // one number are refused.
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations are numbered {duplicate.Key}: {string.Join(" and ", duplicate.Select(m => m.Name))}; renumber one.");
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
