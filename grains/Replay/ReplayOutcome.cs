namespace Monitoring.Replay;

/// <summary>
/// What a replay found, side by side: the alarms stored for the period, the current rules replayed (which should
/// reproduce them: a difference says the history holds what a replay cannot see, such as limits changed during the
/// period), and the proposal replayed; per condition, and every stored high-priority alarm the proposal would have
/// raised late or not at all.
/// </summary>
/// <param name="Flagged">A high-priority alarm lost, or delayed by more than <paramref name="FlagDelaySeconds"/>: applying needs a reason.</param>
public sealed record ReplayOutcome(
    ReplayTotals Totals,
    ReplayFidelity Fidelity,
    IReadOnlyList<ReplayConditionRow> Conditions,
    IReadOnlyList<HighPriorityChange> HighPriorityChanges,
    double FlagDelaySeconds,
    bool Flagged);

/// <summary>Alarms raised in the period: stored, the current rules replayed, the proposal replayed.</summary>
public sealed record ReplayTotals(int Stored, int Current, int Proposed, int HighStored, int HighProposed, int Lost, int Delayed);

/// <summary>
/// How well the current rules replayed reproduce the stored alarms: raised for the same patient and condition within
/// <see cref="ReplayComparison.SameMoment"/> (<paramref name="Reproduced"/>), stored only, or replayed only.
/// </summary>
public sealed record ReplayFidelity(int Reproduced, int StoredOnly, int ReplayedOnly);

/// <summary>One condition's alarms raised in the period, stored, replayed under the current rules and under the proposal.</summary>
public sealed record ReplayConditionRow(string Code, string Priority, int Stored, int Current, int Proposed);

/// <summary>
/// A stored high-priority alarm the proposal raises late (<c>delayed</c>, by <paramref name="DelaySeconds"/>) or not
/// within the match window at all (<c>lost</c>).
/// </summary>
public sealed record HighPriorityChange(string PatientId, string Bed, string Code, DateTimeOffset StoredAt, string Outcome, DateTimeOffset? ProposedAt, double? DelaySeconds);
