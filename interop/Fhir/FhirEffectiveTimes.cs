using System.Globalization;
using Hl7.Fhir.Model;
using Monitoring.Vitals;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using P = Hl7.Fhir.ElementModel.Types;

namespace Monitoring.Fhir;

/// <summary>
/// The moment an Observation was measured: effectiveDateTime, effectivePeriod.start or effectiveInstant,
/// to the second or better and with a time zone, and not further ahead of our clock than
/// <see cref="ReadingClock.FutureTolerance"/> (the one clock rule of every way in).
/// A date alone (HL7's own heart-rate and blood-pressure examples have one) is taken as 00:00 UTC of that
/// day, with a warning; a year or a month alone, or a time without a time zone, is refused.
/// </summary>
internal static class FhirEffectiveTimes
{
    public const string Example = "2024-05-01T10:30:00+02:00";

    /// <summary>The measurement time, or null after a problem; <c>ClockSkew</c> is how far ahead of our clock a refused time lay.</summary>
    public static (DateTimeOffset? At, TimeSpan? ClockSkew) Read(Observation observation, DateTimeOffset now, List<FhirProblem> problems, List<FhirProblem> warnings)
    {
        var (path, at) = observation.Effective switch
        {
            null => Missing(problems),
            FhirDateTime dateTime => ("Observation.effectiveDateTime", FromDateTime(dateTime, "Observation.effectiveDateTime", problems, warnings)),
            Period { StartElement: { } start } => ("Observation.effectivePeriod.start", FromDateTime(start, "Observation.effectivePeriod.start", problems, warnings)),
            Period => NoStart(problems),
            Instant instant => ("Observation.effectiveInstant", instant.Value),
            var other => NotSupported(other, problems),
        };

        if (at is { } measuredAt && ReadingClock.SkewBeyondTolerance(measuredAt, now) is { } skew)
        {
            problems.Add(new(path, string.Create(
                CultureInfo.InvariantCulture,
                $"{measuredAt:O} is {skew.TotalSeconds:0} s ahead of the server's clock (at most {ReadingClock.FutureTolerance.TotalSeconds:0} s allowed); check the device's clock.")));
            return (null, skew);
        }

        return (at, null);
    }

    private static DateTimeOffset? FromDateTime(FhirDateTime value, string path, List<FhirProblem> problems, List<FhirProblem> warnings)
    {
        if (!value.TryToSystemDateTime(out var parsed) || parsed is null)
        {
            problems.Add(new(path, $"'{value.Value}' is not a FHIR dateTime; send e.g. {Example}."));
            return null;
        }

        if (parsed.Precision == P.DateTimePrecision.Day && !parsed.HasOffset)
        {
            warnings.Add(new(path, $"'{value.Value}' has no time of day; it was taken as {value.Value}T00:00:00Z. Send the measurement time with seconds and a time zone, e.g. {Example}.", IssueType.Incomplete));
            return parsed.ToDateTimeOffset(TimeSpan.Zero);
        }

        if (parsed.Precision < P.DateTimePrecision.Second || !parsed.HasOffset)
        {
            problems.Add(new(path, $"'{value.Value}' names no moment; send the measurement time with seconds and a time zone, e.g. {Example}."));
            return null;
        }

        return parsed.ToDateTimeOffset(TimeSpan.Zero);
    }

    private static (string, DateTimeOffset?) Missing(List<FhirProblem> problems)
    {
        const string path = "Observation.effective";
        problems.Add(new(path, $"The Observation has no time; send effectiveDateTime (e.g. {Example}), effectivePeriod.start or effectiveInstant.", IssueType.Required));
        return (path, null);
    }

    private static (string, DateTimeOffset?) NoStart(List<FhirProblem> problems)
    {
        const string path = "Observation.effectivePeriod.start";
        problems.Add(new(path, "An effectivePeriod needs a start: the time the measurement was taken.", IssueType.Required));
        return (path, null);
    }

    private static (string, DateTimeOffset?) NotSupported(DataType other, List<FhirProblem> problems)
    {
        var path = "Observation.effective" + FhirJsonPaths.TypeSuffix(other);
        problems.Add(new(path, "Only effectiveDateTime, effectivePeriod or effectiveInstant are taken.", IssueType.NotSupported));
        return (path, null);
    }
}
