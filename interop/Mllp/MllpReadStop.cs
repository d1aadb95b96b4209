namespace Monitoring.Mllp;

/// <summary>Why reading frames from a connection stopped.</summary>
public enum MllpReadStop
{
    None = 0,
    Closed = 1,
    Idle = 2,
    Stalled = 3,
    TooLarge = 4,
}
