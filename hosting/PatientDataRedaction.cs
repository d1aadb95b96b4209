using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitoring.Privacy;
using OpenTelemetry;

namespace Monitoring.Hosting;

/// <summary>
/// Keeps patient identity out of logs and traces (compiled into the silo and the api). Values
/// classified <see cref="PatientData"/> are replaced in logs by a keyed hash: the same patient gives
/// the same token within a deployment, so operators can follow one patient without learning who it is.
/// The key is <c>Redaction:Key</c> (base64, shared by the silo and the api) or, when unset, random per process.
/// Alarm ids are sealed with a key derived from it (<see cref="Monitoring.Alarms.AlarmIds"/>); without one they
/// name their patient in clear.
/// </summary>
public static class PatientDataRedaction
{
    public static void AddPatientDataRedaction(this IServiceCollection services, ILoggingBuilder logging, IConfiguration configuration)
    {
        var section = configuration.GetSection(RedactionOptions.Section);
        // The key is needed now; one that is not base64 stops start-up through validation instead.
        services.AddOptions<RedactionOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var configured = (section.Get<RedactionOptions>() ?? new()).KeyBytes;
        var key = new RedactionKey(configured ?? RandomNumberGenerator.GetBytes(32));
        if (configured is { Length: >= RedactionOptions.MinimumKeyBytes })
        {
            // The same in every process, so an alarm id sealed by one silo is opened by every api host.
            Monitoring.Alarms.AlarmIds.UseKey(configured);
        }

        services.AddSingleton(key);
        // Before the console logger exists: it keeps the writer it finds.
        PatientIdScrubbingWriter.Install(new KeyedHashRedactor(key));
        services.AddSingleton<KeyedHashRedactor>();
        // One set per classification: a logged value carries exactly its own.
        services.AddRedaction(r => r.SetRedactor<KeyedHashRedactor>(new DataClassificationSet(PatientData.Identifier), new DataClassificationSet(PatientData.Demographic)));
        logging.EnableRedaction();
    }
}

/// <summary>The key patient data is hashed with.</summary>
public sealed record RedactionKey(byte[] Key);

/// <summary>Replaces a value by <c>#</c> and the first 12 hex digits of its HMAC-SHA256.</summary>
public sealed class KeyedHashRedactor(RedactionKey key) : Redactor
{
    private const int Length = 13;

    public override int GetRedactedLength(ReadOnlySpan<char> input) => input.IsEmpty ? 0 : Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (source.IsEmpty)
        {
            return 0;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(source.Length, 512))];
        var bytes = Encoding.UTF8.GetBytes(source[..Math.Min(source.Length, 512)], utf8);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key.Key, utf8[..bytes], hash);
        destination[0] = '#';
        Convert.TryToHexStringLower(hash[..6], destination[1..], out _);
        return Length;
    }

    /// <summary>The token for a value, as logs show it.</summary>
    public new string Redact(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var buffer = new char[Length];
        Redact(value.AsSpan(), buffer);
        return new string(buffer);
    }
}

/// <summary>
/// Takes patient identity out of finished spans before any exporter sees them: request paths and
/// queries (which name patients) and Orleans grain ids (<c>patient/{id}</c>) become keyed hashes.
/// </summary>
public sealed class RedactingActivityProcessor(KeyedHashRedactor redactor) : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.path", "url.full", "url.query", "http.target", "http.url"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (key, value) in data.TagObjects.ToList())
        {
            if (value is string { Length: > 0 } text && NamesSomeone(key))
            {
                data.SetTag(key, redactor.Redact(text));
            }
        }
    }

    /// <summary>Request paths, and Orleans' grain ids (<c>orleans.rpc.target_id</c>, <c>…source_id</c>: <c>patient/{id}</c>).</summary>
    private static bool NamesSomeone(string key) =>
        UrlTags.Contains(key, StringComparer.Ordinal)
        || (key.Contains("orleans", StringComparison.Ordinal) && (key.EndsWith("_id", StringComparison.Ordinal) || key.EndsWith(".id", StringComparison.Ordinal)));
}
