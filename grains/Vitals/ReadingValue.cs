namespace Monitoring.Vitals;

/// <summary>
/// One reading as the patient's monitor takes it: a value, not an object (<see cref="Reading"/> is the wire's). A replay
/// takes millions of them.
/// </summary>
public readonly record struct ReadingValue(VitalSign Sign, double Value, DateTimeOffset At)
{
    public static ReadingValue Of(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new ReadingValue(reading.Sign, reading.Value, reading.At);
    }
}
