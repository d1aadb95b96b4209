namespace Monitoring.News2;

/// <summary>The clinical risk band of a complete NEWS2 score.</summary>
[GenerateSerializer, Alias("monitoring.news2-band")]
public enum News2Band
{
    /// <summary>Total 0.</summary>
    Zero = 1,

    /// <summary>Total 1–4.</summary>
    Low = 2,

    /// <summary>A score of 3 in any single parameter, total under 5.</summary>
    LowMedium = 3,

    /// <summary>Total 5–6.</summary>
    Medium = 4,

    /// <summary>Total 7 or more.</summary>
    High = 5,
}
