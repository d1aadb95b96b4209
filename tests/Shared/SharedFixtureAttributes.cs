using Xunit;

namespace Monitoring.Tests.Shared;

/// <summary>
/// The one rule for tests on the outside fixtures (<c>../shared/fixtures</c>): a clone on its own does
/// not have them, and such a test is reported as skipped, saying why; in CI they must be there, so it is
/// not skipped and fails (a fact cannot read its file; a theory finds no data, which xunit fails).
/// </summary>
internal static class SharedFixtureRule
{
    public static string? SkipReason(string? kind) =>
        Repository.SharedFixtures(kind) is null && !Repository.OnCi
            ? $"the outside fixtures are not at {Path.Combine(Repository.SharedFixturesFolder, kind ?? "")} (CI has them, and there this test fails without them)"
            : null;

    /// <summary>The same rule for the outside contract, <c>../shared/API.md</c>.</summary>
    public static string? ContractSkipReason() =>
        !File.Exists(Repository.SharedApiContract) && !Repository.OnCi
            ? $"the outside contract is not at {Repository.SharedApiContract} (CI has it, and there this test fails without it)"
            : null;
}

/// <summary>A fact on the outside contract (<c>../shared/API.md</c>): skipped in a clone without it, failing in CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedContractFactAttribute : FactAttribute
{
    public SharedContractFactAttribute() => Skip = SharedFixtureRule.ContractSkipReason();
}

/// <summary>A fact on the outside fixtures of <paramref name="kind"/> (<c>hl7</c>, <c>fhir</c>; all of them without one).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedFixtureFactAttribute : FactAttribute
{
    public SharedFixtureFactAttribute(string? kind = null) => Skip = SharedFixtureRule.SkipReason(kind);
}

/// <summary>A theory over the outside fixtures of <paramref name="kind"/> (<c>hl7</c>, <c>fhir</c>; all of them without one).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedFixtureTheoryAttribute : TheoryAttribute
{
    public SharedFixtureTheoryAttribute(string? kind = null) => Skip = SharedFixtureRule.SkipReason(kind);
}
