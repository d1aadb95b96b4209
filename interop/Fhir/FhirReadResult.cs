using System.Diagnostics.CodeAnalysis;

namespace Monitoring.Fhir;

/// <summary>The outcome of reading a FHIR Observation: either the input it carries, or every problem found in it.</summary>
public sealed class FhirReadResult
{
    private FhirReadResult(FhirObservationInput? input, IReadOnlyList<FhirProblem> problems, IReadOnlyList<FhirProblem> warnings, string? deviceId = null, TimeSpan? clockSkew = null)
    {
        Input = input;
        Problems = problems;
        Warnings = warnings;
        RefusedDeviceId = deviceId;
        ClockSkew = clockSkew;
    }

    /// <summary>The accepted input; <c>null</c> when there are problems.</summary>
    public FhirObservationInput? Input { get; }

    /// <summary>Why the Observation was refused; empty when it was accepted.</summary>
    public IReadOnlyList<FhirProblem> Problems { get; }

    /// <summary>What was accepted but not as sent (a date without a time); for a warning OperationOutcome beside the 201.</summary>
    public IReadOnlyList<FhirProblem> Warnings { get; }

    /// <summary>The device the refused Observation names (<c>Device/{id}</c> as subject or device), when it names one.</summary>
    public string? RefusedDeviceId { get; }

    /// <summary>How far ahead of our clock the refused Observation was dated, when that is one of its problems.</summary>
    public TimeSpan? ClockSkew { get; }

    [MemberNotNullWhen(true, nameof(Input))]
    public bool Succeeded => Input is not null;

    public static FhirReadResult Success(FhirObservationInput input, IReadOnlyList<FhirProblem>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new FhirReadResult(input, [], warnings ?? []);
    }

    public static FhirReadResult Failure(IReadOnlyList<FhirProblem> problems, string? deviceId = null, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("A failure names at least one problem.", nameof(problems));
        }

        return new FhirReadResult(null, problems, [], deviceId, clockSkew);
    }
}
