using Monitoring.Json;

namespace Monitoring.Api.Http;

/// <summary>The checks and messages that several request bodies share.</summary>
public static class RequestFields
{
    /// <summary>What an identifier takes, for the API's description.</summary>
    public const string IdentifierShape = "1 to 64 letters, digits, '.', '_', '-' or ':', starting with a letter or digit.";

    public static string Required(string name) => $"'{name}' is required.";

    /// <summary>A member the request has no field for: a misspelt field is an error, not silently ignored.</summary>
    public static string Unknown(JsonFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return $"Unknown field; this request takes {string.Join(", ", fault.Members)}.";
    }

    public static string NotAnIdentifier(string name) =>
        $"'{name}' must be a string of 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':', starting with a letter or digit.";

    /// <summary>A required identifier (patient, device, unit or bed id); a problem is recorded under <paramref name="name"/>.</summary>
    public static void Identifier(string? value, string name, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            errors.Add(name, Required(name));
        }
        else if (!Identifiers.IsValid(value))
        {
            errors.Add(name, NotAnIdentifier(name));
        }
    }

    /// <summary>What a body of identifiers only says of a member that is not one of its fields or not a string.</summary>
    public static string ExplainIdentifiers(JsonFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return fault.IsUnknown ? Unknown(fault) : NotAnIdentifier(fault.Member ?? "");
    }
}
