using System.Globalization;
using Monitoring.Security;

namespace Monitoring.Api.Security;

/// <summary>
/// <c>Monitoring.Api token --sub alice --role nurse --units icu-3w [--hours 12] [--key base64]</c>:
/// prints a token signed with the local key (Auth:SigningKey, or --key) for development and tests.
/// </summary>
internal static class TokenCommand
{
    public const string Verb = "token";

    public static int Run(string[] args, IConfiguration configuration)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return Usage($"unexpected '{args[i]}'");
            }

            var name = args[i][2..];
            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = [];
            }

            values.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var key = options.GetValueOrDefault("key")?.FirstOrDefault() ?? configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.SigningKey)}"];
        var subject = options.GetValueOrDefault("sub")?.FirstOrDefault();
        var roles = options.GetValueOrDefault("role") ?? [];
        var units = options.GetValueOrDefault("units") ?? [];
        if (!DevelopmentTokens.TryDecodeKey(key, out _))
        {
            return Usage("no signing key: set Auth__SigningKey or pass --key (base64, at least 32 bytes)");
        }

        if (subject is null || roles.Count == 0 || roles.Except([CareRoles.Device, CareRoles.Gateway, CareRoles.Operator, CareRoles.NurseLead, .. CareRoles.People]).Any())
        {
            return Usage("--sub and --role (device, gateway, nurse, nurse-lead, oncall, admin or operator) are required");
        }

        var hours = options.GetValueOrDefault("hours")?.FirstOrDefault() is { } h ? double.Parse(h, CultureInfo.InvariantCulture) : 12;
        var issuer = configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Issuer)}"] ?? new AuthOptions().Issuer;
        var audience = configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Audience)}"] ?? new AuthOptions().Audience;
        Console.WriteLine(DevelopmentTokens.Mint(key!, subject, roles, units, TimeSpan.FromHours(hours), issuer, audience));
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"token: {problem}.");
        Console.Error.WriteLine("usage: Monitoring.Api token --sub <user or device id> --role <device|gateway|nurse|nurse-lead|oncall|admin|operator>[,...] [--units <unit>[,...] or '*'] [--hours 12] [--key <base64>]");
        return 2;
    }
}
