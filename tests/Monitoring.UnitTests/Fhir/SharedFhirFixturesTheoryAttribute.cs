namespace Monitoring.UnitTests.Fhir;

/// <summary>
/// A theory over HL7's examples in ../shared/fixtures/fhir. Without that folder there is nothing to
/// run it on, and it is reported as skipped (not passed); <see cref="SharedFhirFixtureTests"/> has the
/// fact that fails on CI when the folder is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedFhirFixturesTheoryAttribute : TheoryAttribute
{
    public SharedFhirFixturesTheoryAttribute()
    {
        if (FhirFixtureFiles.SharedFolder is null)
        {
            Skip = "../shared/fixtures/fhir is not beside this checkout.";
        }
    }
}
