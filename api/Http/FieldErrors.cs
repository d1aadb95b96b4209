namespace Monitoring.Api.Http;

/// <summary>Problems found in a request body, keyed by the path of the field (e.g. <c>readings[2].value</c>).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>A 400 naming every field at fault, or null when there is none.</summary>
    public IResult? AsProblem() => Any ? Problems.Validation(ToDictionary()) : null;

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}
