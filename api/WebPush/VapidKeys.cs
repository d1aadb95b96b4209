using System.Security.Cryptography;
using System.Buffers.Text;

namespace Monitoring.Api.WebPush;

/// <summary>The VAPID key pair's checks: each key's shape, and that the two belong together.</summary>
public static class VapidKeys
{
    /// <summary>An uncompressed P-256 point: 0x04, X, Y.</summary>
    public const int PublicKeyBytes = 65;
    public const int PrivateKeyBytes = 32;

    /// <summary>Null when the pair is usable, else why not, naming the setting at fault.</summary>
    public static string? Problem(string publicKey, string privateKey)
    {
        if (Point(publicKey) is not { } q)
        {
            return $"{WebPushOptions.Section}:{nameof(WebPushOptions.PublicKey)} must be an uncompressed P-256 point ({PublicKeyBytes} bytes starting 0x04) in base64url, as deploy/start.sh makes it.";
        }

        if (Bytes(privateKey) is not { Length: PrivateKeyBytes } d)
        {
            return $"{WebPushOptions.Section}:{nameof(WebPushOptions.PrivateKey)} must be a P-256 private key ({PrivateKeyBytes} bytes) in base64url, as deploy/start.sh makes it.";
        }

        try
        {
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            var derived = key.ExportParameters(false).Q;
            if (!derived.X!.AsSpan().SequenceEqual(q.X) || !derived.Y!.AsSpan().SequenceEqual(q.Y))
            {
                return $"{WebPushOptions.Section}:{nameof(WebPushOptions.PublicKey)} is not the public key of {WebPushOptions.Section}:{nameof(WebPushOptions.PrivateKey)}: set the pair deploy/start.sh made together.";
            }
        }
        catch (CryptographicException)
        {
            return $"{WebPushOptions.Section}:{nameof(WebPushOptions.PrivateKey)} is not a valid P-256 private key.";
        }

        return null;
    }

    /// <summary>The point's X and Y when <paramref name="base64Url"/> is an uncompressed point on P-256, else null.</summary>
    public static (byte[] X, byte[] Y)? Point(string? base64Url)
    {
        if (Bytes(base64Url) is not { Length: PublicKeyBytes } raw || raw[0] != 0x04)
        {
            return null;
        }

        var (x, y) = (raw[1..33], raw[33..]);
        try
        {
            // Importing checks that the point lies on the curve.
            using var key = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
            return (x, y);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The bytes of a base64url string (padding allowed), or null when it is not one.</summary>
    public static byte[]? Bytes(string? base64Url)
    {
        if (string.IsNullOrEmpty(base64Url) || base64Url.Length > 1024)
        {
            return null;
        }

        var trimmed = base64Url.TrimEnd('=');
        if (!trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(trimmed);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
