using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Opens an <c>aes128gcm</c> push message (RFC 8188 content coding, RFC 8291 keys) as the browser would, with the
/// subscription's private key and auth secret. One record, as a push message is.
/// </summary>
public static class WebPushDecryption
{
    public static byte[] Decrypt(byte[] body, WebPushKeys keys)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(keys);
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var keyIdLength = body[20];
        var senderKey = body[21..(21 + keyIdLength)];
        var record = body[(21 + keyIdLength)..];
        if (keyIdLength != 65 || senderKey[0] != 0x04 || record.Length > recordSize || record.Length < 17)
        {
            throw new CryptographicException($"Not one aes128gcm record with the sender's P-256 key as its key id (key id {keyIdLength} bytes, record {record.Length} of {recordSize}).");
        }

        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..65] },
        });
        var sharedSecret = keys.Private.DeriveRawSecretAgreement(sender.PublicKey);

        // RFC 8291 §3.4: the input keying material from the ECDH secret and the auth secret; then RFC 8188's key and nonce.
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. keys.PublicKey, .. senderKey];
        var ikm = HKDF.Expand(HashAlgorithmName.SHA256, HKDF.Extract(HashAlgorithmName.SHA256, sharedSecret, keys.Auth), 32, keyInfo);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());

        using var aes = new AesGcm(contentKey, 16);
        var plain = new byte[record.Length - 16];
        aes.Decrypt(nonce, record[..^16], record[^16..], plain);

        // The last record ends with the delimiter 0x02, then any padding of zeros.
        var end = Array.FindLastIndex(plain, b => b != 0);
        if (end < 0 || plain[end] != 0x02)
        {
            throw new CryptographicException("The record does not end with the last record's delimiter (0x02).");
        }

        return plain[..end];
    }
}
