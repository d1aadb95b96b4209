using Hl7.Fhir.Model;
using Monitoring.Tests.Shared.Fhir;
using Xunit.Abstractions;

namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// One Firely validator for all tests (building it and compiling the profiles takes seconds):
/// <see cref="OfflineFhirValidator"/>, over the R4 core specification shipped in the SDK packages. Offline.
/// </summary>
public sealed class FhirValidatorFixture
{
    private readonly OfflineFhirValidator _validator = new();

    public string SpecificationZip => _validator.SpecificationZip;

    public TimeSpan SetupTime => _validator.SetupTime;

    public OperationOutcome Validate(Resource resource, string profile) => _validator.Validate(resource, profile);

    /// <summary>Validates against each profile; fails listing every error, and writes every issue to the output.</summary>
    public void AssertValid(Resource resource, ITestOutputHelper output, params IEnumerable<string> profiles)
    {
        var errors = _validator.Errors(resource, output.WriteLine, profiles);
        Assert.True(errors.Count == 0, $"{resource.TypeName}/{resource.Id} does not conform:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    public static string Describe(OperationOutcome.IssueComponent issue) => OfflineFhirValidator.Describe(issue);
}

/// <summary>The tests that share the validator (xunit builds the fixture once for the collection).</summary>
[CollectionDefinition(Name)]
public sealed class FhirValidationCollection : ICollectionFixture<FhirValidatorFixture>
{
    public const string Name = "FHIR profile validation";
}
