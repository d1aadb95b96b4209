using System.Diagnostics;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Xunit.Abstractions;

namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// One Firely validator for all tests (building it and compiling the profiles takes seconds): the R4
/// core specification from the SDK's specification.zip (<see cref="ZipSource"/>), behind a
/// <see cref="CachedResolver"/>, with a <see cref="LocalTerminologyService"/> over the same resolver.
/// Nothing is fetched from the network.
/// </summary>
public sealed class FhirValidatorFixture
{
    private readonly Validator _validator;
    private readonly Lock _gate = new();

    public FhirValidatorFixture()
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

    /// <summary>Validates against each profile; fails listing every error, and writes every issue to the output.</summary>
    public void AssertValid(Resource resource, ITestOutputHelper output, params IEnumerable<string> profiles)
    {
        foreach (var profile in profiles)
        {
            var outcome = Validate(resource, profile);
            foreach (var issue in outcome.Issue)
            {
                output.WriteLine($"{resource.TypeName}/{resource.Id} vs {profile}: {Describe(issue)}");
            }

            var errors = outcome.Issue
                .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(Describe)
                .ToList();
            Assert.True(outcome.Success && errors.Count == 0,
                $"{resource.TypeName}/{resource.Id} does not conform to {profile}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }
    }

    public static string Describe(OperationOutcome.IssueComponent issue) =>
        $"{issue.Severity} {issue.Code} at {string.Join(", ", issue.Expression)}: {issue.Details?.Text ?? issue.Diagnostics}";
}

/// <summary>The tests that share the validator (xunit builds the fixture once for the collection).</summary>
[CollectionDefinition(Name)]
public sealed class FhirValidationCollection : ICollectionFixture<FhirValidatorFixture>
{
    public const string Name = "FHIR profile validation";
}
