using System.Collections.Immutable;
using Monitoring.Alarms;

namespace Monitoring.Replay;

/// <summary>A queued what-if replay, as a silo claims it.</summary>
/// <param name="PatientId">Null: the proposal is the unit's, for every patient of the unit; else that patient's own limits.</param>
/// <param name="Proposal">The rule overrides proposed, laid over the unit's rules (a unit's proposal) or the unit's rules (a patient's).</param>
public sealed record ReplayJob(
    Guid ReplayId, string UnitId, string? PatientId, DateTimeOffset From, DateTimeOffset To, TimeSpan FlagDelay, ImmutableArray<AlarmRuleOverride> Proposal);
