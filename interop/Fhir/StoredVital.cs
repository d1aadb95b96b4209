using Monitoring.Vitals;

namespace Monitoring.Fhir;

/// <summary>
/// A reading as kept in our store, with the id it is served under as <c>Observation/{Id}</c>.
/// The value is in the sign's catalog unit (<see cref="VitalSignCatalog"/>).
/// </summary>
/// <param name="Id">A valid FHIR id: 1 to 64 of <c>A-Z a-z 0-9 - .</c></param>
/// <param name="Sign">The vital sign.</param>
/// <param name="Value">The value in our unit (/min, %, mm[Hg], Cel).</param>
/// <param name="At">When it was measured; for an aggregate, the start of the period it covers.</param>
/// <param name="Until">For an aggregate (a minute's mean), the end of its period, written as effectivePeriod; otherwise <c>null</c>.</param>
public sealed record StoredVital(string Id, VitalSign Sign, double Value, DateTimeOffset At, DateTimeOffset? Until = null);
