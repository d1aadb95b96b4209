using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Api.WebPush;

/// <summary>
/// The secret a notification carries to acknowledge its alarm (docs/security.md): 256 random bits, base64url. Only its
/// SHA-256 is stored; whoever holds the secret may acknowledge that one alarm as that one person until it expires.
/// Sent as <c>Authorization: PushAck &lt;secret&gt;</c>.
/// </summary>
public static class AcknowledgeCapability
{
    public const string Scheme = "PushAck";

    /// <summary>A new secret and the hash to store for it.</summary>
    public static (string Secret, byte[] Hash) New()
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (secret, Hash(secret));
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>Whether <paramref name="secret"/> has the shape of one (43 base64url characters), before any lookup.</summary>
    public static bool IsWellFormed(string secret) =>
        secret.Length == 43 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
