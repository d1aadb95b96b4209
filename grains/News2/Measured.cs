namespace Monitoring.News2;

/// <summary>A value and the time it was measured (or observed, for air/oxygen and consciousness).</summary>
public readonly record struct Measured<T>(T Value, DateTimeOffset At);
