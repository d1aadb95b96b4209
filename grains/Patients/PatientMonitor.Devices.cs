using Monitoring.Alarms;

namespace Monitoring.Patients;

/// <summary>The technical conditions of the patient's devices: silent, clock off, unbound, taken for another patient.</summary>
public sealed partial class PatientMonitor
{
    public void ReportDeviceSilent(string deviceId)
    {
        var now = _time.GetUtcNow();
        _engine.Observe(DeviceConditions.Offline(deviceId, silent: true, now), now);
    }

    public void ReportDeviceClock(string deviceId, TimeSpan skew)
    {
        var now = _time.GetUtcNow();
        _engine.Observe(DeviceConditions.Clock(deviceId, skew, now), now);
    }

    /// <summary>The device was unbound: its technical alarms end, recorded as ended by unbinding.</summary>
    public void DeviceUnbound(string deviceId) =>
        _engine.ResolveWhere((_, device, kind) => kind == AlarmKind.Technical && device == deviceId, AlarmTransitionReason.Unbound, _time.GetUtcNow());

    /// <summary>
    /// The device was bound to another patient: its technical alarms end (<see cref="DeviceUnbound"/>), and
    /// the patient's loss of monitoring is a technical alarm of its own (<c>device-unbound</c>) until a
    /// device is bound to the patient again.
    /// </summary>
    public void DeviceTaken(string deviceId)
    {
        DeviceUnbound(deviceId);
        var now = _time.GetUtcNow();
        _engine.Observe(DeviceConditions.Unbound(taken: true, now), now);
    }

    /// <summary>A device was bound to the patient: a <c>device-unbound</c> alarm ends.</summary>
    public void DeviceAttached()
    {
        var now = _time.GetUtcNow();
        _engine.Observe(DeviceConditions.Unbound(taken: false, now), now);
    }
}
