namespace Monitoring;

/// <summary>
/// A grain the silo's wake-up service (<c>Monitoring.Scheduling.WakeUps</c>) calls when a time it asked for has come:
/// a device whose silence may have lasted too long, a patient whose vitals wait to be saved.
/// </summary>
public interface IWakeable : IGrainWithStringKey
{
    Task WakeAsync();
}
