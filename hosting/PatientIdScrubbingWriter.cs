using System.Text;
using System.Text.RegularExpressions;

namespace Monitoring.Hosting;

/// <summary>
/// The last line of defence for the console log (compiled into the silo and the api): Orleans and
/// ASP.NET write grain ids (<c>patient:{id}</c>) and request paths (<c>/patients/{id}</c>) into
/// messages we do not format ourselves, for instance "turn took too long" or a storage error, and
/// query strings (a FHIR search's <c>patient=</c> or <c>subject=Patient/</c>) into request logs. Every
/// such id is replaced by the same keyed hash our own log messages use, so lines still correlate.
/// </summary>
public sealed partial class PatientIdScrubbingWriter(TextWriter inner, KeyedHashRedactor redactor) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    /// <summary>Routes the process's standard output through the scrubber; call before any logger is made.</summary>
    public static void Install(KeyedHashRedactor redactor)
    {
        if (Console.Out is not PatientIdScrubbingWriter)
        {
            Console.SetOut(new PatientIdScrubbingWriter(Console.Out, redactor));
        }
    }

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(Scrub(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Scrub(new string(buffer, index, count)));

    public override void WriteLine(string? value) => inner.WriteLine(Scrub(value));

    public override void Flush() => inner.Flush();

    private string? Scrub(string? text) =>
        text is null || !(text.Contains("atient", StringComparison.Ordinal) || text.Contains("subject", StringComparison.Ordinal))
            ? text
            : PatientId().Replace(text, m => redactor.Redact(m.Value));

    /// <summary>
    /// What follows, up to a delimiter: a patient grain key's prefix; <c>/patients/</c> in a path; a FHIR
    /// reference (<c>Patient/</c>, also URL-encoded); or a query's <c>patient</c> or <c>subject</c> parameter
    /// (with a modifier such as <c>subject:Patient</c>), past a <c>Patient/</c> it may start with.
    /// </summary>
    [GeneratedRegex(@"(?<=patient:|/patients/|\bPatient/|\bPatient%2[Ff]|[?&;](?:patient|subject)(?::[A-Za-z.]+)?=)(?!Patient(?:/|%2[Ff]))[^\s/?#&""'\\,;)\]}@|]+", RegexOptions.CultureInvariant)]
    private static partial Regex PatientId();
}
