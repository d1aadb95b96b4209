namespace Monitoring.Replay;

/// <summary>
/// What a replay found, side by side: the alarms stored for the period and the proposal's alarms over the same history;
/// how many are raised at the same moment either way; per condition; and every stored high-priority alarm the proposal
/// would have raised late or not at all. Replaying the rules in force (an empty proposal) shows how faithfully the
/// history replays: every alarm the same, unless the history holds what a replay cannot see (limits changed during the
/// period, a patient moved between units).
/// </summary>
/// <param name="Flagged">A high-priority alarm lost, or delayed by more than <paramref name="FlagDelaySeconds"/>: applying needs a reason.</param>
public sealed record ReplayOutcome(
    ReplayTotals Totals,
    ReplayMatch Match,
    IReadOnlyList<ReplayConditionRow> Conditions,
    IReadOnlyList<HighPriorityChange> HighPriorityChanges,
    double FlagDelaySeconds,
    bool Flagged);

/// <summary>Alarms raised in the period, stored and proposed (all, and high priority); stored high-priority alarms the proposal loses or delays.</summary>
public sealed record ReplayTotals(int Stored, int Proposed, int HighStored, int HighProposed, int Lost, int Delayed);

/// <summary>
/// The stored alarms the proposal raises too, for the same patient and condition within <see cref="ReplayComparison.SameMoment"/>
/// (<paramref name="Same"/>); those only stored (gone, or moved in time); those only proposed (new, or moved).
/// </summary>
public sealed record ReplayMatch(int Same, int StoredOnly, int ProposedOnly);

/// <summary>One condition's alarms raised in the period, stored and proposed.</summary>
public sealed record ReplayConditionRow(string Code, string Priority, int Stored, int Proposed);

/// <summary>
/// A stored high-priority alarm the proposal raises late (<c>delayed</c>, by <paramref name="DelaySeconds"/>) or not
/// within the match window at all (<c>lost</c>).
/// </summary>
public sealed record HighPriorityChange(string PatientId, string Bed, string Code, DateTimeOffset StoredAt, string Outcome, DateTimeOffset? ProposedAt, double? DelaySeconds);
