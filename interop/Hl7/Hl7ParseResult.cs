using System.Diagnostics.CodeAnalysis;

namespace Monitoring.Hl7;

/// <summary>The outcome of <see cref="Hl7Message.Parse"/>: a message, or the reason there is none.</summary>
public sealed class Hl7ParseResult
{
    private Hl7ParseResult(Hl7Message? message, string? error)
    {
        Message = message;
        Error = error;
    }

    /// <summary>The parsed message, when parsing succeeded.</summary>
    public Hl7Message? Message { get; }

    /// <summary>Why the text is not an HL7 v2 message; safe to log (it quotes no message content).</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Message is not null;

    internal static Hl7ParseResult Success(Hl7Message message) => new(message, null);

    internal static Hl7ParseResult Failure(string error) => new(null, error);
}
