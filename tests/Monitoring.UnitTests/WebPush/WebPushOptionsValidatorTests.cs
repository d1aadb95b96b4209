using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using Monitoring.Api.WebPush;
using Monitoring.UnitTests.Configuration;

namespace Monitoring.UnitTests.WebPush;

public sealed class WebPushOptionsValidatorTests
{
    private static readonly WebPushOptionsValidator Validator = new();

    [Fact]
    public void No_keys_is_push_off_and_valid()
    {
        var options = new WebPushOptions();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.False(options.Enabled);
    }

    [Fact]
    public void A_pair_made_as_deploy_start_sh_makes_it_is_taken()
    {
        var (publicKey, privateKey) = KeysFromStartScript();

        var options = new WebPushOptions { PublicKey = publicKey, PrivateKey = privateKey };

        Assert.True(Validator.Validate(null, options).Succeeded, string.Join("; ", Validator.Validate(null, options).Failures ?? []));
        Assert.True(options.Enabled);
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("AAAA")]
    public void A_malformed_public_key_is_refused_naming_the_setting(string publicKey)
    {
        var result = Validator.Validate(null, new WebPushOptions { PublicKey = publicKey, PrivateKey = NewPair().Private });

        Assert.True(result.Failed);
        Assert.Contains("WebPush:PublicKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_off_the_curve_is_refused_naming_the_setting()
    {
        var offCurve = Base64Url.EncodeToString([0x04, .. Enumerable.Repeat((byte)1, 64)]);

        var result = Validator.Validate(null, new WebPushOptions { PublicKey = offCurve, PrivateKey = NewPair().Private });

        Assert.Contains("WebPush:PublicKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_private_key_is_refused_naming_the_setting()
    {
        var result = Validator.Validate(null, new WebPushOptions { PublicKey = NewPair().Public, PrivateKey = "c2hvcnQ" });

        Assert.Contains("WebPush:PrivateKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_of_two_different_pairs_are_refused()
    {
        var result = Validator.Validate(null, new WebPushOptions { PublicKey = NewPair().Public, PrivateKey = NewPair().Private });

        Assert.Contains("is not the public key of WebPush:PrivateKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void One_key_without_the_other_is_refused_naming_the_missing_one()
    {
        var result = Validator.Validate(null, new WebPushOptions { PublicKey = NewPair().Public });

        Assert.Contains("WebPush:PrivateKey is not set", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ops@example.org")]
    [InlineData("http://example.org/contact")]
    public void A_subject_push_services_cannot_contact_is_refused(string subject)
    {
        var result = Validator.Validate(null, new WebPushOptions { Subject = subject });

        Assert.Contains("WebPush:Subject", result.FailureMessage, StringComparison.Ordinal);
    }

    private static (string Public, string Private) NewPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(true);
        return (Base64Url.EncodeToString([0x04, .. p.Q.X!, .. p.Q.Y!]), Base64Url.EncodeToString(p.D!));
    }

    /// <summary>Runs deploy/lib/common.sh's ensure_vapid_keys (openssl) in a folder of its own and reads what it exports.</summary>
    private static (string Public, string Private) KeysFromStartScript()
    {
        var data = Directory.CreateTempSubdirectory("vapid-");
        try
        {
            var script = $"source '{Path.Combine(SettingsCatalog.RepositoryRoot, "deploy", "lib", "common.sh")}'; DATA='{data.FullName}'; unset WebPush__PublicKey WebPush__PrivateKey; ensure_vapid_keys; echo \"$WebPush__PublicKey\"; echo \"$WebPush__PrivateKey\"; stat -c %a \"$DATA/auth/vapid.pem\"";
            using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = bash.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            bash.WaitForExit();
            Assert.True(bash.ExitCode == 0 && output.Length == 3, $"ensure_vapid_keys failed: {bash.StandardError.ReadToEnd()}");
            Assert.Equal("600", output[2]); // the private key is the owner's alone
            return (output[0], output[1]);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
