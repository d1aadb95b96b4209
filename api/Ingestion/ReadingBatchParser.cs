using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Monitoring.Api.Http;
using Monitoring.Ingestion;
using Monitoring.Vitals;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// Turns the JSON body of <c>POST /api/v1/devices/{id}/readings</c> into a <see cref="ReadingBatch"/>,
/// or into errors that name every bad field. All or nothing: one bad reading refuses the batch.
/// </summary>
public static class ReadingBatchParser
{
    public const int MaxReadings = 1000;

    // Larger than any vital sign in any unit; beyond it the number is garbage, not a measurement.
    private const double MaxMagnitude = 1_000_000;

    /// <summary>
    /// Parses a device's batch; <paramref name="sequenced"/> false for a nurse's observations, which have no sequence.
    /// A reading dated ahead of <paramref name="now"/> beyond <see cref="ReadingClock.FutureTolerance"/> refuses the
    /// batch; <c>ClockSkew</c> is then the furthest such reading's lead, for the device's <c>device-clock</c> alarm.
    /// </summary>
    public static (ReadingBatch? Batch, IResult? Problem, TimeSpan? ClockSkew) Parse(JsonElement body, DateTimeOffset now, bool sequenced = true)
    {
        var errors = new FieldErrors();
        TimeSpan? clockSkew = null;
        var sequence = sequenced ? JsonFields.NonNegativeInteger(body, "sequence", "sequence", errors) : 0;

        if (!body.TryGetProperty("readings", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add("readings", "'readings' is required.");
        }
        else if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add("readings", "'readings' must be a non-empty array.");
        }
        else if (array.GetArrayLength() > MaxReadings)
        {
            return (null, Problems.TooManyItems("readings", MaxReadings), null);
        }

        var readings = ImmutableArray.CreateBuilder<Reading>();
        if (!errors.Any || array.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : default)
            {
                if (ParseReading(item, string.Create(CultureInfo.InvariantCulture, $"readings[{index++}]"), now, errors, ref clockSkew) is { } reading)
                {
                    readings.Add(reading);
                }
            }
        }

        return errors.Any
            ? (null, Problems.Validation(errors.ToDictionary()), clockSkew)
            : (new ReadingBatch(sequence!.Value, readings.ToImmutable()), null, null);
    }

    private static string AheadOfClock(TimeSpan skew) => string.Create(
        CultureInfo.InvariantCulture,
        $"'at' is {skew.TotalSeconds:0} s ahead of the server's clock (at most {ReadingClock.FutureTolerance.TotalSeconds:0} s allowed); check the device's clock.");

    private static Reading? ParseReading(JsonElement item, string path, DateTimeOffset now, FieldErrors errors, ref TimeSpan? largestSkew)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Each reading must be an object with 'code', 'value' and 'at'.");
            return null;
        }

        var code = JsonFields.Text(item, "code", path + ".code", errors);
        VitalSignInfo? info = null;
        if (code is not null && !VitalSignCatalog.TryGetByCode(code, out info))
        {
            errors.Add(path + ".code", $"Unknown vital sign code; use one of {string.Join(", ", VitalSignCatalog.Codes)}.");
        }

        var value = info?.Sign switch
        {
            VitalSign.Consciousness => ConsciousnessValue(item, path + ".value", errors),
            VitalSign.SupplementalOxygen => OxygenValue(item, path + ".value", errors),
            _ => JsonFields.FiniteNumber(item, "value", path + ".value", MaxMagnitude, errors),
        };
        var at = JsonFields.Timestamp(item, "at", path + ".at", errors);
        if (at is { } measuredAt && ReadingClock.SkewBeyondTolerance(measuredAt, now) is { } skew)
        {
            errors.Add(path + ".at", AheadOfClock(skew));
            largestSkew = largestSkew > skew ? largestSkew : skew;
            return null;
        }

        return info is not null && value is not null && at is not null ? new Reading(info.Sign, value.Value, at.Value) : null;
    }

    private static double? ConsciousnessValue(JsonElement item, string path, FieldErrors errors)
    {
        var letter = JsonFields.Text(item, "value", path, errors);
        if (letter is not null && ConsciousnessLetters.Parse(letter) is { } level)
        {
            return (int)level;
        }

        if (letter is not null)
        {
            errors.Add(path, $"Consciousness is one ACVPU letter: {ConsciousnessLetters.All}.");
        }

        return null;
    }

    private static double? OxygenValue(JsonElement item, string path, FieldErrors errors)
    {
        if (item.TryGetProperty("value", out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean() ? 1 : 0;
        }

        errors.Add(path, "'o2' is true (on supplemental oxygen) or false (on air).");
        return null;
    }
}
