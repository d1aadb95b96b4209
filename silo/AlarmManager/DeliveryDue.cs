namespace Monitoring.Silo.AlarmManager;

/// <summary>A raised alarm whose delivery deadline has passed.</summary>
internal sealed record DeliveryDue(long MessageId, string AlarmId, DateTimeOffset OccurredAt);
