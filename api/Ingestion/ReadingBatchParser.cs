using System.Collections.Immutable;
using System.Globalization;
using Monitoring.Api.Devices;
using Monitoring.Api.Http;
using Monitoring.Api.Patients;
using Monitoring.Ingestion;
using Monitoring.Json;
using Monitoring.Vitals;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// Turns the body of <c>POST /api/v1/devices/{id}/readings</c> (or a nurse's observations) into a
/// <see cref="ReadingBatch"/>, or into errors that name every bad field. All or nothing: one bad reading refuses the batch.
/// </summary>
public static class ReadingBatchParser
{
    public const int MaxReadings = 1000;

    // Larger than any vital sign in any unit; beyond it the number is garbage, not a measurement.
    private const double MaxMagnitude = 1_000_000;

    private static readonly string NotASequence = $"'sequence' must be a whole number from 0 to {long.MaxValue}.";

    private const string NotAList = "'readings' must be a non-empty array.";

    private const string NotAReading = "Each reading must be an object with 'code', 'value' and 'at'.";

    private static readonly string NotANumber = string.Create(
        CultureInfo.InvariantCulture,
        $"'value' must be a number between -{MaxMagnitude} and {MaxMagnitude} (NaN and Infinity are not numbers).");

    private const string NotText = "'code' must be a string.";

    private const string NotATime = "'at' must be an ISO-8601 time with a UTC offset, e.g. 2026-11-27T10:00:00Z.";

    /// <summary>What is wrong with a member of a readings body that does not fit its record.</summary>
    public static string Explain(JsonFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return fault.Member switch
        {
            "sequence" => NotASequence,
            "readings" => NotAList,
            _ => RequestFields.Unknown(fault),
        };
    }

    /// <summary>
    /// A device's batch. A reading dated ahead of <paramref name="now"/> beyond <see cref="ReadingClock.FutureTolerance"/>
    /// refuses the batch; <c>ClockSkew</c> is then the furthest such reading's lead, for the device's <c>device-clock</c> alarm.
    /// </summary>
    public static (ReadingBatch? Batch, IResult? Problem, TimeSpan? ClockSkew) Parse(ReadingBatchRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Sequence is null)
        {
            errors.Add("sequence", RequestFields.Required("sequence"));
        }
        else if (request.Sequence < 0)
        {
            errors.Add("sequence", NotASequence);
        }

        return Parse(request.Sequence ?? 0, request.Readings, now, errors);
    }

    /// <summary>A nurse's observations, which have no sequence.</summary>
    public static (ReadingBatch? Batch, IResult? Problem, TimeSpan? ClockSkew) Parse(RecordObservationsRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Parse(0, request.Readings, now, new FieldErrors());
    }

    private static (ReadingBatch? Batch, IResult? Problem, TimeSpan? ClockSkew) Parse(long sequence, IReadOnlyList<ReadingInput>? items, DateTimeOffset now, FieldErrors errors)
    {
        if (items is null)
        {
            errors.Add("readings", RequestFields.Required("readings"));
        }
        else if (items.Count == 0)
        {
            errors.Add("readings", NotAList);
        }
        else if (items.Count > MaxReadings)
        {
            return (null, Problems.TooManyItems("readings", MaxReadings), null);
        }

        items ??= [];
        var readings = ImmutableArray.CreateBuilder<Reading>(items.Count);
        TimeSpan? clockSkew = null;
        for (var index = 0; index < items.Count; index++)
        {
            if (ParseReading(items[index], index, now, errors, ref clockSkew) is { } reading)
            {
                readings.Add(reading);
            }
        }

        return errors.Any
            ? (null, errors.AsProblem(), clockSkew)
            : (new ReadingBatch(sequence, readings.DrainToImmutable()), null, null);
    }

    private static Reading? ParseReading(ReadingInput? item, int index, DateTimeOffset now, FieldErrors errors, ref TimeSpan? largestSkew)
    {
        if (item is null)
        {
            errors.Add(PathOf(index), NotAReading);
            return null;
        }

        VitalSignInfo? info = null;
        if (item.Unreadable.Contains("code"))
        {
            errors.Add(PathOf(index, "code"), NotText);
        }
        else if (item.Code is null)
        {
            errors.Add(PathOf(index, "code"), RequestFields.Required("code"));
        }
        else if (!VitalSignCatalog.TryGetByCode(item.Code, out info))
        {
            errors.Add(PathOf(index, "code"), $"Unknown vital sign code; use one of {string.Join(", ", VitalSignCatalog.Codes)}.");
        }

        var value = info?.Sign switch
        {
            VitalSign.Consciousness => ConsciousnessValue(item.Value, index, errors),
            VitalSign.SupplementalOxygen => OxygenValue(item.Value, index, errors),
            _ => NumberValue(item.Value, index, errors),
        };
        if (item.Unreadable.Contains("at"))
        {
            errors.Add(PathOf(index, "at"), NotATime);
        }
        else if (item.At is not { } at)
        {
            errors.Add(PathOf(index, "at"), RequestFields.Required("at"));
        }
        else if (ReadingClock.SkewBeyondTolerance(at, now) is { } skew)
        {
            errors.Add(PathOf(index, "at"), AheadOfClock(skew));
            largestSkew = largestSkew > skew ? largestSkew : skew;
            return null;
        }

        return info is not null && value is not null && item.At is not null ? new Reading(info.Sign, value.Value, item.At.Value) : null;
    }

    private static double? NumberValue(ReadingValue value, int index, FieldErrors errors)
    {
        if (value.IsNumber(out var number) && double.IsFinite(number) && Math.Abs(number) <= MaxMagnitude)
        {
            return number;
        }

        errors.Add(PathOf(index, "value"), value.IsMissing() ? RequestFields.Required("value") : NotANumber);
        return null;
    }

    private static double? ConsciousnessValue(ReadingValue value, int index, FieldErrors errors)
    {
        if (value.IsText(out var letter) && ConsciousnessLetters.Parse(letter) is { } level)
        {
            return (int)level;
        }

        errors.Add(PathOf(index, "value"), value.IsMissing() ? RequestFields.Required("value")
            : !value.IsText(out _) ? "'value' must be a string."
            : $"Consciousness is one ACVPU letter: {ConsciousnessLetters.All}.");
        return null;
    }

    private static double? OxygenValue(ReadingValue value, int index, FieldErrors errors)
    {
        if (value.IsFlag(out var onOxygen))
        {
            return onOxygen ? 1 : 0;
        }

        errors.Add(PathOf(index, "value"), "'o2' is true (on supplemental oxygen) or false (on air).");
        return null;
    }

    private static string AheadOfClock(TimeSpan skew) => string.Create(
        CultureInfo.InvariantCulture,
        $"'at' is {skew.TotalSeconds:0} s ahead of the server's clock (at most {ReadingClock.FutureTolerance.TotalSeconds:0} s allowed); check the device's clock.");

    // Built only for a field at fault: a good batch names none.
    private static string PathOf(int index, string? field = null) => field is null
        ? string.Create(CultureInfo.InvariantCulture, $"readings[{index}]")
        : string.Create(CultureInfo.InvariantCulture, $"readings[{index}].{field}");
}
