using System.Globalization;
using System.Text.Json;

namespace Monitoring.Api.Http;

/// <summary>Reads typed fields out of a JSON object, recording a clear error per bad field.</summary>
public static class JsonFields
{
    /// <summary>A required whole number of at least zero.</summary>
    public static long? NonNegativeInteger(JsonElement parent, string name, string path, FieldErrors errors)
    {
        if (!Present(parent, name, path, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0)
        {
            errors.Add(path, $"'{name}' must be a whole number from 0 to {long.MaxValue}.");
            return null;
        }

        return number;
    }

    /// <summary>A required finite number no larger in size than <paramref name="magnitude"/>.</summary>
    public static double? FiniteNumber(JsonElement parent, string name, string path, double magnitude, FieldErrors errors)
    {
        if (!Present(parent, name, path, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number) || Math.Abs(number) > magnitude)
        {
            errors.Add(path, $"'{name}' must be a number between -{magnitude.ToString(CultureInfo.InvariantCulture)} and {magnitude.ToString(CultureInfo.InvariantCulture)} (NaN and Infinity are not numbers).");
            return null;
        }

        return number;
    }

    /// <summary>A required ISO-8601 timestamp with a UTC offset.</summary>
    public static DateTimeOffset? Timestamp(JsonElement parent, string name, string path, FieldErrors errors)
    {
        if (!Present(parent, name, path, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !HasOffset(value.GetString()!) || !value.TryGetDateTimeOffset(out var at))
        {
            errors.Add(path, $"'{name}' must be an ISO-8601 time with a UTC offset, e.g. 2026-11-27T10:00:00Z.");
            return null;
        }

        return at;
    }

    /// <summary>A required string.</summary>
    public static string? Text(JsonElement parent, string name, string path, FieldErrors errors)
    {
        if (!Present(parent, name, path, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"'{name}' must be a string.");
            return null;
        }

        return value.GetString();
    }

    private static bool Present(JsonElement parent, string name, string path, FieldErrors errors, out JsonElement value)
    {
        if (parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        errors.Add(path, $"'{name}' is required.");
        return false;
    }

    // A time without an offset would be read in the server's zone; a clinical timestamp must say which.
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
}
