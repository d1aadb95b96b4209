namespace Monitoring.Api.Watchdog;

/// <summary>
/// The test hook's switch (<see cref="FaultHookOptions"/>): while <see cref="DropIncoming"/> is set, this host's
/// push observer drops every event the silos push to it, as a broken push path would.
/// </summary>
public sealed class PushFaults
{
    private volatile bool _dropIncoming;

    public bool DropIncoming
    {
        get => _dropIncoming;
        set => _dropIncoming = value;
    }
}
