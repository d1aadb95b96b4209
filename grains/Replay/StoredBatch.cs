using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Replay;

/// <summary>One batch of the stored vitals history, as the patient took it in: when it arrived, from which device (null: entered by a nurse).</summary>
public sealed record StoredBatch(DateTimeOffset ReceivedAt, string? DeviceId, ImmutableArray<ReadingValue> Readings);
