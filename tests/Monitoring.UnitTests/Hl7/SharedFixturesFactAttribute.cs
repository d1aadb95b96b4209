namespace Monitoring.UnitTests.Hl7;

/// <summary>A fact on the shared fixtures: reported as skipped, with the reason, when they are not there.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedFixturesFactAttribute : FactAttribute
{
    public SharedFixturesFactAttribute()
    {
        if (Hl7Fixtures.SharedFolder is null)
        {
            Skip = Hl7Fixtures.MissingSharedReason;
        }
    }
}
