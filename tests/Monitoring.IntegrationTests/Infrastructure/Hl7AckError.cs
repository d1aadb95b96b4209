namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>One ERR of an ACK: ERR-2 (where, e.g. <c>OBX^2^14</c>), ERR-3.1 (the table 0357 code), ERR-4 (E, W or I) and ERR-8 (the text).</summary>
public sealed record Hl7AckError(string Location, string Code, string Severity, string Text);
