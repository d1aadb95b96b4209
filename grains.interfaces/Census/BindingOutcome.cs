namespace Monitoring.Census;

/// <summary>What became of binding a device to a patient.</summary>
[GenerateSerializer, Alias("monitoring.binding-outcome")]
public enum BindingOutcome
{
    Bound = 1,
    Unchanged = 2,

    /// <summary>The patient is not admitted; nothing changed.</summary>
    PatientNotAdmitted = 3,
}
