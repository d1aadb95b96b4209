using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using Monitoring.Api.Security;
using Monitoring.Security;
using Monitoring.Configuration;
using Monitoring.Mllp;
using Monitoring.Storage;

namespace Monitoring.UnitTests.Configuration;

/// <summary>
/// The settings the code reads: every options class bound from configuration (a type with a
/// <c>public const string Section</c>) in the Monitoring assemblies, and the keys of each property.
/// </summary>
public static class SettingsCatalog
{
    public static string RepositoryRoot => Repository.Root;

    public static IReadOnlyList<Type> OptionsClasses { get; } =
        [.. MonitoringAssemblies().SelectMany(LoadableTypes).Where(t => SectionOf(t) is not null).OrderBy(t => t.FullName, StringComparer.Ordinal)];

    public static string? SectionOf(Type type) =>
        type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field ? field.GetRawConstantValue() as string : null;

    /// <summary>What the binder fills: settable public properties and get-only lists, but not a nested options class (it has its own section).</summary>
    public static IEnumerable<PropertyInfo> BoundProperties(Type optionsClass) =>
        optionsClass.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } || IsList(p.PropertyType))
            .Where(p => SectionOf(p.PropertyType) is null);

    /// <summary><c>Section:Property</c> for every bound property of every options class.</summary>
    public static IEnumerable<string> Keys() =>
        OptionsClasses.SelectMany(t => BoundProperties(t).Select(p => $"{SectionOf(t)}:{p.Name}")).Distinct(StringComparer.Ordinal);

    private static bool IsList(Type type) =>
        // An array cannot be filled through a getter, so a get-only one is computed, not bound.
        !type.IsArray && type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)
        && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>));

    private static IEnumerable<Assembly> MonitoringAssemblies()
    {
        yield return typeof(DatabaseOptions).Assembly; // Monitoring.Grains.Interfaces
        yield return typeof(SnapshotOptions).Assembly; // Monitoring.Grains
        yield return typeof(AuthOptions).Assembly; // Monitoring.Hosting
        yield return typeof(Monitoring.Api.Audit.AuditOptions).Assembly; // Monitoring.Api
        yield return typeof(MllpOptions).Assembly; // Monitoring.Interop
        // The silo shares files with the api, so it is not referenced: load it from its build output,
        // built in the same configuration as this test (bin/<configuration>/<framework>).
        var testProject = Path.Combine(RepositoryRoot, "tests", "Monitoring.UnitTests");
        var output = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
        var silo = Path.Combine(RepositoryRoot, "silo", output, "Monitoring.Silo.dll");
        if (!File.Exists(silo))
        {
            throw new FileNotFoundException("The silo is not built next to these tests.", silo);
        }

        // Whatever later scans the loaded assemblies and their references (Orleans' serializer and client
        // both do) must then find the silo's own references (Orleans.Dashboard, …) in its folder, not
        // beside these tests, whichever test runs first.
        AssemblyLoadContext.Default.Resolving += BesideTheAssembliesLoadedFromElsewhere;
        yield return Assembly.LoadFrom(silo);
    }

    private static Assembly? BesideTheAssembliesLoadedFromElsewhere(AssemblyLoadContext context, AssemblyName name) =>
        context.Assemblies
            .Where(a => !a.IsDynamic && a.Location.Length > 0 && !a.Location.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal))
            .Select(a => Path.Combine(Path.GetDirectoryName(a.Location)!, name.Name + ".dll"))
            .FirstOrDefault(File.Exists) is { } path
            ? context.LoadFromAssemblyPath(path)
            : null;

    // The silo's types that derive from Orleans' server types cannot load here; its options classes can.
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
