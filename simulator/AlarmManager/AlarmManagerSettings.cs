using System.Globalization;

namespace Monitoring.Simulator.AlarmManager;

/// <summary>
/// The options of <c>simulator alarm-manager</c>: where it listens for PCD-04, where it sends PCD-05, how soon a
/// page is delivered and read, how often one is undeliverable, and when it is down.
/// </summary>
public sealed record AlarmManagerSettings(
    int Port,
    MllpAddress? StatusTo,
    TimeSpan DeliveredAfter,
    TimeSpan ReadAfter,
    int UndeliverableEvery,
    TimeSpan? DownAfter,
    TimeSpan DownFor)
{
    public const string Usage = """
        simulator alarm-manager [options]   a stand-in alarm communication manager (IHE PCD-04 in, PCD-05 out)
          --port N                 listen for PCD-04 over MLLP on this port (default 2577)
          --status-to HOST:PORT    send PCD-05 statuses to the api's alarm-manager listener (default: none sent)
          --delivered-after S      seconds from an alert's start to DELIVERED (default 1)
          --read-after S           seconds from an alert's start to READ (default 3)
          --undeliverable-every N  every Nth alert is UNDELIVERABLE instead (default 0: never)
          --down-after S           go down S seconds after starting, and again after each time it came back
          --down-for S             stay down this many seconds (default 30)
        """;

    public static (AlarmManagerSettings? Settings, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new AlarmManagerSettings(2577, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), 0, null, TimeSpan.FromSeconds(30));
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535:
                    settings = settings with { Port = port };
                    break;
                case "--status-to" when MllpAddress.TryParse(value, out var address):
                    settings = settings with { StatusTo = address };
                    break;
                case "--delivered-after" when Seconds(value) is { } delivered:
                    settings = settings with { DeliveredAfter = delivered };
                    break;
                case "--read-after" when Seconds(value) is { } read:
                    settings = settings with { ReadAfter = read };
                    break;
                case "--undeliverable-every" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var every):
                    settings = settings with { UndeliverableEvery = every };
                    break;
                case "--down-after" when Seconds(value) is { } after && after > TimeSpan.Zero:
                    settings = settings with { DownAfter = after };
                    break;
                case "--down-for" when Seconds(value) is { } down && down > TimeSpan.Zero:
                    settings = settings with { DownFor = down };
                    break;
                default:
                    return (null, $"{name} '{value}' is not a valid option here.\n{Usage}");
            }
        }

        return settings.ReadAfter < settings.DeliveredAfter
            ? (null, "--read-after must not be shorter than --delivered-after.")
            : (settings, null);
    }

    private static TimeSpan? Seconds(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= 86_400 ? TimeSpan.FromSeconds(s) : null;
}
