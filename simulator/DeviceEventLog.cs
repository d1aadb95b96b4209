namespace Monitoring.Simulator;

/// <summary>
/// Per-device messages: failure streaks, disconnects, batches abandoned at shutdown. With thousands of devices one
/// outage would print thousands of lines, so at most <see cref="LinesPerWindow"/> are printed per
/// <see cref="Window"/> and the rest are only counted, for the progress line.
/// </summary>
public sealed class DeviceEventLog(TextWriter output, TimeProvider time)
{
    public const int LinesPerWindow = 20;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private long _windowStart = time.GetTimestamp();
    private int _printed;
    private long _heldBack;

    public void Write(string line)
    {
        lock (_gate)
        {
            if (time.GetElapsedTime(_windowStart) >= Window)
            {
                (_windowStart, _printed) = (time.GetTimestamp(), 0);
            }

            if (_printed >= LinesPerWindow)
            {
                _heldBack++;
                return;
            }

            _printed++;
        }

        output.WriteLine(line);
    }

    /// <summary>How many lines were held back since the last call.</summary>
    public long TakeHeldBack()
    {
        lock (_gate)
        {
            var heldBack = _heldBack;
            _heldBack = 0;
            return heldBack;
        }
    }
}
