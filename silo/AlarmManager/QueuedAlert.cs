using Monitoring.Hl7;
using Monitoring.Hl7.Alerts;

namespace Monitoring.Silo.AlarmManager;

/// <summary>A queued row with the report it makes.</summary>
internal sealed record QueuedAlert(long MessageId, AlertReport Report);
