using Monitoring.Vitals;

namespace Monitoring.Fhir;

/// <summary>One vital over one minute of a stay, from the minute trends (<c>vitals_minutes</c>): plausible readings only.</summary>
/// <param name="Sign">The vital sign.</param>
/// <param name="Minute">The minute's start.</param>
/// <param name="Mean">The mean of the minute's readings, in the sign's unit.</param>
/// <param name="Low">The lowest reading.</param>
/// <param name="High">The highest reading.</param>
/// <param name="Readings">How many readings the minute held.</param>
public sealed record StayMinute(VitalSign Sign, DateTimeOffset Minute, double Mean, double Low, double High, int Readings);
