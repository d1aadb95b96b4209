namespace Monitoring.Census;

/// <summary>What became of an admission.</summary>
[GenerateSerializer, Alias("monitoring.admission-outcome")]
public enum AdmissionOutcome
{
    /// <summary>The patient was not in a bed and now is.</summary>
    Admitted = 1,

    /// <summary>The patient was in another bed and has been moved.</summary>
    Moved = 2,

    /// <summary>The patient was already in that bed; nothing changed.</summary>
    Unchanged = 3,

    /// <summary>Another patient occupies that bed; nothing changed.</summary>
    BedOccupied = 4,
}
