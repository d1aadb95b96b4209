using System.Reflection;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace Monitoring.Tests.Shared.Fhir;

/// <summary>
/// Finds the R4 <c>specification.zip</c> that the Hl7.Fhir.Specification.Data.R4 package ships. Its
/// content file only reaches a project's output when that package is referenced directly; here it comes
/// in through Hl7.Fhir.Specification.R4, so it is taken from the NuGet package folder instead. Offline.
/// </summary>
public static class FhirSpecificationZip
{
    private const string Package = "hl7.fhir.specification.data.r4";

    public static string Locate()
    {
        var candidates = Candidates().ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("The FHIR R4 specification.zip was not found; looked at: " + string.Join(", ", candidates));
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("FHIR_SPECIFICATION_ZIP") is { Length: > 0 } explicitPath)
        {
            yield return explicitPath;
        }

        yield return Path.Combine(AppContext.BaseDirectory, "specification.zip");
        var version = SdkVersion();
        foreach (var folder in PackageFolders().Distinct(StringComparer.Ordinal))
        {
            yield return Path.Combine(folder, Package, version, "contentFiles", "any", "any", "specification.zip");
        }
    }

    /// <summary>The data package has the SDK's version (both are pinned in Directory.Packages.props).</summary>
    private static string SdkVersion()
    {
        var informational = typeof(Observation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? "6.8.0";
    }

    private static IEnumerable<string> PackageFolders()
    {
        // The folders restore used, from the running test project's obj/project.assets.json.
        if (Repository.FindUp(AppContext.BaseDirectory, Path.Combine("obj", "project.assets.json")) is { } project
            && Path.Combine(project, "obj", "project.assets.json") is var assets && File.Exists(assets))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(assets));
            if (document.RootElement.TryGetProperty("packageFolders", out var folders))
            {
                foreach (var folder in folders.EnumerateObject())
                {
                    yield return folder.Name;
                }
            }
        }

        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured)
        {
            yield return configured;
        }

        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}
