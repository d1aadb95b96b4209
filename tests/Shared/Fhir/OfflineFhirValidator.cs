using System.Diagnostics;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Monitoring.Tests.Shared.Fhir;

/// <summary>
/// The Firely validator over the R4 core specification from the SDK's specification.zip
/// (<see cref="FhirSpecificationZip"/>), behind a <see cref="CachedResolver"/>, with a
/// <see cref="LocalTerminologyService"/> over the same resolver. Nothing is fetched from the network.
/// Building it and compiling the profiles takes seconds: make one per test collection.
/// </summary>
public sealed class OfflineFhirValidator
{
    private readonly Validator _validator;
    private readonly Lock _gate = new();

    public OfflineFhirValidator()
    {
        var started = Stopwatch.StartNew();
        SpecificationZip = FhirSpecificationZip.Locate();
        var resolver = new CachedResolver(ZipSource.CreateValidationSource(SpecificationZip));
        _validator = new Validator(resolver, new LocalTerminologyService(resolver));
        SetupTime = started.Elapsed;
    }

    public string SpecificationZip { get; }

    public TimeSpan SetupTime { get; }

    public OperationOutcome Validate(Resource resource, string profile)
    {
        lock (_gate)
        {
            return _validator.Validate(resource, profile);
        }
    }

    /// <summary>The errors (and fatal issues) against each profile; every issue goes to <paramref name="log"/>.</summary>
    public IReadOnlyList<string> Errors(Resource resource, Action<string> log, params IEnumerable<string> profiles)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(log);
        var errors = new List<string>();
        foreach (var profile in profiles)
        {
            var outcome = Validate(resource, profile);
            foreach (var issue in outcome.Issue)
            {
                log($"{resource.TypeName}/{resource.Id} vs {profile}: {Describe(issue)}");
            }

            errors.AddRange(outcome.Issue
                .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(i => $"{resource.TypeName}/{resource.Id} vs {profile}: {Describe(i)}"));
            if (!outcome.Success && errors.Count == 0)
            {
                errors.Add($"{resource.TypeName}/{resource.Id} vs {profile}: not valid");
            }
        }

        return errors;
    }

    /// <summary>The profiles a resource declares in meta.profile, else its core type's.</summary>
    public static IReadOnlyList<string> ProfilesOf(Resource resource) =>
        resource.Meta?.Profile?.Any() == true ? [.. resource.Meta.Profile.OfType<string>()] : ["http://hl7.org/fhir/StructureDefinition/" + resource.TypeName];

    public static string Describe(OperationOutcome.IssueComponent issue) =>
        $"{issue.Severity} {issue.Code} at {string.Join(", ", issue.Expression)}: {issue.Details?.Text ?? issue.Diagnostics}";
}
