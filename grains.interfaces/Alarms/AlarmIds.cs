using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Alarms;

/// <summary>
/// Alarm ids. An acknowledgement must find the alarm's patient without a database look-up (even while the
/// database is down), so the id carries the patient, but sealed: <c>a1.</c> and, in base64url, a random
/// nonce, <c>{patientId}~{number}</c> encrypted with AES-GCM, and its tag. Logs, URLs and screens that show
/// an id learn nothing of the patient, and an id cannot be made up or altered. The key is derived from
/// <c>Redaction:Key</c>, the same in every silo and api (<see cref="UseKey"/>). Ids made before, or by a
/// process without that key, are <c>{patientId}~{number}</c> in clear, and are still resolved.
/// </summary>
public static class AlarmIds
{
    private static AlarmIdCodec s_codec = AlarmIdCodec.Clear;

    /// <summary>Seals the ids this process makes from now on with a key derived from <paramref name="secret"/>.</summary>
    public static void UseKey(ReadOnlySpan<byte> secret) => s_codec = AlarmIdCodec.Sealed(secret);

    public static string Create(string patientId, long number) => s_codec.Create(patientId, number);

    /// <summary>The patient an alarm id belongs to, or null when the id is not one of ours.</summary>
    public static string? PatientOf(string alarmId) => s_codec.PatientOf(alarmId);
}

/// <summary>Makes and reads alarm ids with one key (or none: ids in clear); see <see cref="AlarmIds"/>.</summary>
public sealed class AlarmIdCodec
{
    private const string SealedPrefix = "a1.";
    private const char Separator = '~';
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("monitoring alarm ids v1");
    private readonly byte[]? _key;

    private AlarmIdCodec(byte[]? key) => _key = key;

    /// <summary>Ids in clear (<c>{patientId}~{number}</c>): only for a process given no key.</summary>
    public static AlarmIdCodec Clear { get; } = new(null);

    /// <summary>Sealed ids, with an AES-256 key derived (HKDF-SHA256) from <paramref name="secret"/>.</summary>
    public static AlarmIdCodec Sealed(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The secret alarm ids are sealed with must be at least 32 bytes.", nameof(secret));
        }

        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt: [], info: Purpose);
        return new AlarmIdCodec(key);
    }

    public string Create(string patientId, long number)
    {
        var clear = string.Create(CultureInfo.InvariantCulture, $"{patientId}{Separator}{number}");
        if (_key is null)
        {
            return clear;
        }

        var plain = Encoding.UTF8.GetBytes(clear);
        var sealedId = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedId.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedId.AsSpan(NonceBytes, plain.Length), sealedId.AsSpan(NonceBytes + plain.Length), Purpose);
        return SealedPrefix + Base64Url.EncodeToString(sealedId);
    }

    /// <summary>The patient of an id this codec or a clear one made; null when it is neither (or was altered).</summary>
    public string? PatientOf(string alarmId)
    {
        ArgumentNullException.ThrowIfNull(alarmId);
        return alarmId.StartsWith(SealedPrefix, StringComparison.Ordinal) ? Open(alarmId[SealedPrefix.Length..]) : PatientOfClear(alarmId);
    }

    private string? Open(string encoded)
    {
        if (_key is null || encoded.Length > 1024 || !Base64Url.IsValid(encoded, out var length) || length < NonceBytes + TagBytes + 3)
        {
            return null;
        }

        var sealedId = Base64Url.DecodeFromChars(encoded);
        var plain = new byte[sealedId.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(sealedId.AsSpan(0, NonceBytes), sealedId.AsSpan(NonceBytes, plain.Length), sealedId.AsSpan(NonceBytes + plain.Length), plain, Purpose);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return PatientOfClear(Encoding.UTF8.GetString(plain));
    }

    private static string? PatientOfClear(string alarmId)
    {
        var at = alarmId.LastIndexOf(Separator);
        if (at <= 0 || !long.TryParse(alarmId.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var patientId = alarmId[..at];
        return Identifiers.IsValid(patientId) ? patientId : null;
    }
}
