namespace Monitoring.UnitTests.Hl7;

/// <summary>
/// A theory over the shared fixtures: reported as skipped, with the reason, when they are not there
/// (xunit 2 reads Skip from the attribute before it asks for data, so an empty data set never fails it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedFixturesTheoryAttribute : TheoryAttribute
{
    public SharedFixturesTheoryAttribute()
    {
        if (Hl7Fixtures.SharedFolder is null)
        {
            Skip = Hl7Fixtures.MissingSharedReason;
        }
    }
}
