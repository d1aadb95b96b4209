using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Monitoring.Fhir;
using static Monitoring.UnitTests.Fhir.FhirSamples;

namespace Monitoring.UnitTests.Fhir;

public sealed class FhirOperationOutcomesTests
{
    [Fact]
    public void Each_problem_becomes_an_error_issue_with_its_path_as_expression()
    {
        var problems = Read(Edit(HeartRate, o =>
        {
            o.Remove("category");
            Quantity(o)["code"] = "bpm";
        })).Problems;

        var outcome = FhirOperationOutcomes.FromProblems(problems);

        Assert.Equal(problems.Count, outcome.Issue.Count);
        Assert.All(outcome.Issue, i => Assert.Equal(OperationOutcome.IssueSeverity.Error, i.Severity));
        Assert.Equal(problems.Select(p => p.Path), outcome.Issue.Select(i => Assert.Single(i.Expression)));
        Assert.Equal(problems.Select(p => p.Message), outcome.Issue.Select(i => i.Diagnostics));
        Assert.Contains(outcome.Issue, i => i.Code == OperationOutcome.IssueType.NotSupported);
    }

    [Fact]
    public void Malformed_json_becomes_a_structure_issue()
    {
        var outcome = FhirOperationOutcomes.FromProblems(Read("{").Problems);

        Assert.Equal(OperationOutcome.IssueType.Structure, Assert.Single(outcome.Issue).Code);
    }

    [Fact]
    public void Warnings_become_warning_issues_and_none_become_no_outcome()
    {
        var warnings = Read(Edit(HeartRate, o => o["effectiveDateTime"] = "2024-04-30")).Warnings;

        var issue = Assert.Single(FhirOperationOutcomes.FromWarnings(warnings)!.Issue);

        Assert.Equal(OperationOutcome.IssueSeverity.Warning, issue.Severity);
        Assert.Equal("Observation.effectiveDateTime", Assert.Single(issue.Expression));
        Assert.Null(FhirOperationOutcomes.FromWarnings(Read(HeartRate).Warnings));
    }

    [Fact]
    public void An_unknown_patient_is_a_not_found_issue_naming_the_reference()
    {
        var issue = Assert.Single(FhirOperationOutcomes.NotFound("Patient/p-9", "Observation.subject").Issue);

        Assert.Equal((OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotFound), (issue.Severity, issue.Code));
        Assert.Contains("Patient/p-9", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Equal("Observation.subject", Assert.Single(issue.Expression));
    }

    [Fact]
    public void A_body_too_large_is_a_too_long_issue_naming_the_limit()
    {
        var issue = Assert.Single(FhirOperationOutcomes.TooLarge(65536).Issue);

        Assert.Equal(OperationOutcome.IssueType.TooLong, issue.Code);
        Assert.Contains("65536", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Empty(issue.Expression);
    }

    [Fact]
    public void An_outcome_serializes_as_fhir_json()
    {
        var json = new FhirJsonSerializer().SerializeToString(FhirOperationOutcomes.NotFound("Device/mon-1"));

        Assert.Contains("\"resourceType\":\"OperationOutcome\"", json, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"not-found\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outcome_of_no_problems_is_refused() =>
        Assert.Throws<ArgumentException>(() => FhirOperationOutcomes.FromProblems([]));
}
