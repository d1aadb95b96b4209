namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>What a gateway reads in our ACK: MSA-1 and each ERR segment, as sent (standard delimiters, no escapes in our texts).</summary>
public sealed record Hl7Ack(string Code, IReadOnlyList<Hl7AckError> Errors)
{
    public static Hl7Ack Parse(string ack)
    {
        var segments = ack.Split('\r', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('|')).ToList();
        var msa = segments.FirstOrDefault(s => s[0] == "MSA") ?? throw new FormatException($"No MSA in the ACK: {ack}");
        string Field(string[] fields, int n) => n < fields.Length ? fields[n] : "";
        var errors = segments.Where(s => s[0] == "ERR")
            .Select(err => new Hl7AckError(Field(err, 2), Field(err, 3).Split('^')[0], Field(err, 4), Field(err, 8)))
            .ToList();
        return new Hl7Ack(Field(msa, 1), errors);
    }
}
