using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hosting;

/// <summary>The key that patient ids are hashed with in logs and traces (compiled into the silo and the api).</summary>
public sealed class RedactionOptions : IValidatableObject
{
    public const string Section = "Redaction";

    /// <summary>Base64 of the HMAC key; the same in every process, to follow one patient across them. Random per process when empty.</summary>
    public string? Key { get; set; }

    /// <summary>The decoded key, or null when none is set (or it is not base64: validation reports that).</summary>
    public byte[]? KeyBytes
    {
        get
        {
            if (string.IsNullOrEmpty(Key))
            {
                return null;
            }

            var bytes = new byte[Key.Length];
            return Convert.TryFromBase64String(Key, bytes, out var length) && length > 0 ? bytes[..length] : null;
        }
    }

    /// <summary>
    /// The shortest key taken: a patient id hashed with a shorter one could be found again by trying keys
    /// (HMAC-SHA256 wants a key as long as its output).
    /// </summary>
    public const int MinimumKeyBytes = 32;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Key) && KeyBytes is null)
        {
            yield return new ValidationResult("Redaction:Key must be base64 (e.g. `openssl rand -base64 32`), the same in the silo and the api.", [nameof(Key)]);
        }
        else if (KeyBytes is { Length: < MinimumKeyBytes } key)
        {
            yield return new ValidationResult(
                $"Redaction:Key is {key.Length} bytes; it must be at least {MinimumKeyBytes} random bytes, base64 (e.g. `openssl rand -base64 32`), the same in the silo and the api.",
                [nameof(Key)]);
        }
    }
}
