using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Monitoring.Api.Limits;

namespace Monitoring.Api.Replay;

/// <summary>
/// The body of <c>POST /api/v1/units/{unitId}/alarm-replays</c>: a proposal of limits, delays and hysteresis for the unit
/// (or one of its patients) and the period of stored history to replay it over. Read by <see cref="AlarmReplayRequests"/>.
/// </summary>
// This record only describes the body for the API's description: limits are keyed by vital code, so the reader walks them.
public sealed record AlarmReplayRequest(
    [property: Description("Start of the period replayed (ISO 8601 with offset).")] DateTimeOffset From,
    [property: Description("End of the period replayed, at most 7 days after 'from' and not in the future.")] DateTimeOffset To,
    [property: Description("The proposal's limits per vital sign, laid over the rules in force (the unit's; or, with 'patientId', the patient's). {} replays the rules in force.")] SetLimitsRequest Limits,
    [property: Description("Only this patient of the unit, whose own limits the proposal is for; by default the unit's limits for every patient.")] string? PatientId = null,
    [property: Range(0, 300), Description("A high-priority alarm the proposal raises later than this (seconds), or not at all, flags the proposal (default 10).")] double? FlagDelaySeconds = null);

/// <summary>The body of <c>POST .../alarm-replays/{replayId}/apply</c>.</summary>
public sealed record ApplyReplayRequest(
    [property: Description("Why the proposal is applied; required when the replay flagged it. Audited.")] string? Reason = null);
