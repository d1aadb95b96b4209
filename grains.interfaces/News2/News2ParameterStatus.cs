namespace Monitoring.News2;

/// <summary>Whether a NEWS2 parameter was scored, or why it was not.</summary>
[GenerateSerializer, Alias("monitoring.news2-parameter-status")]
public enum News2ParameterStatus
{
    /// <summary>A current value was scored.</summary>
    Scored = 1,

    /// <summary>No value, or (SpO2 on scale 2) a value that cannot be scored without knowing air or oxygen.</summary>
    Missing = 2,

    /// <summary>The latest value is older than the allowed age.</summary>
    Stale = 3,
}
