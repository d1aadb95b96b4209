using System.Text.Json;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// A reading's value: a finite number in the code's usual unit; for consciousness one ACVPU letter (A, C, V, P, U);
/// for o2 true (on supplemental oxygen) or false (on air).
/// </summary>
// Which it must be depends on the code, so any JSON value is taken (ReadingInputJsonConverter) and judged by ReadingBatchParser.
public readonly struct ReadingValue
{
    private readonly JsonTokenType _token;
    private readonly double _number;
    private readonly string? _text;

    public ReadingValue(JsonTokenType token, double number = 0, string? text = null) => (_token, _number, _text) = (token, number, text);

    /// <summary>Left out, or null.</summary>
    public bool IsMissing() => _token is JsonTokenType.None or JsonTokenType.Null;

    public bool IsNumber(out double number)
    {
        number = _number;
        return _token == JsonTokenType.Number;
    }

    public bool IsText(out string text)
    {
        text = _text ?? "";
        return _token == JsonTokenType.String;
    }

    public bool IsFlag(out bool flag)
    {
        flag = _token == JsonTokenType.True;
        return _token is JsonTokenType.True or JsonTokenType.False;
    }
}
