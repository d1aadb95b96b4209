using Hl7.Fhir.Model;
using IssueSeverity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Monitoring.Fhir;

/// <summary>
/// The OperationOutcomes the FHIR endpoints answer with: one error issue per problem (with the
/// element's path in <c>expression</c>), warnings beside an accepted resource, "not found" for an
/// unknown patient or device, and "too large".
/// </summary>
public static class FhirOperationOutcomes
{
    /// <summary>One error issue per problem, in the order found.</summary>
    public static OperationOutcome FromProblems(IEnumerable<FhirProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var outcome = new OperationOutcome();
        foreach (var problem in problems)
        {
            outcome.Issue.Add(Issue(IssueSeverity.Error, problem.Code, problem.Message, problem.Path));
        }

        if (outcome.Issue.Count == 0)
        {
            throw new ArgumentException("An OperationOutcome for a refusal names at least one problem.", nameof(problems));
        }

        return outcome;
    }

    /// <summary>
    /// Warning issues for what was accepted but not quite as sent (<see cref="FhirReadResult.Warnings"/>);
    /// <c>null</c> when there are none, so that a 201 goes without a body.
    /// </summary>
    public static OperationOutcome? FromWarnings(IEnumerable<FhirProblem> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var issues = warnings.Select(w => Issue(IssueSeverity.Warning, w.Code, w.Message, w.Path)).ToList();
        return issues.Count == 0 ? null : new OperationOutcome { Issue = issues };
    }

    /// <summary>
    /// A patient or device this server does not know, e.g. <c>NotFound("Patient/p-1", "Observation.subject")</c>;
    /// the expression names the element that referred to it, if there was one.
    /// </summary>
    public static OperationOutcome NotFound(string reference, string? expression = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var message = $"{reference} is not known to this server; admit the patient or register the device first.";
        return new OperationOutcome { Issue = [Issue(IssueSeverity.Error, IssueType.NotFound, message, expression)] };
    }

    /// <summary>A body larger than the endpoint takes (answered with 413).</summary>
    public static OperationOutcome TooLarge(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var message = $"The body is larger than the {maxBytes} bytes this endpoint takes; send one Observation at a time.";
        return new OperationOutcome { Issue = [Issue(IssueSeverity.Error, IssueType.TooLong, message, null)] };
    }

    private static OperationOutcome.IssueComponent Issue(IssueSeverity severity, IssueType code, string diagnostics, string? expression)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = severity,
            Code = code,
            Diagnostics = diagnostics,
        };
        if (!string.IsNullOrEmpty(expression))
        {
            issue.Expression = [expression];
        }

        return issue;
    }
}
