using System.Globalization;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// A fault deploy/soak.sh injected, from its <c>faults.tsv</c>: seconds after the load started, what
/// (<see cref="DatabaseOutage"/>, <see cref="SiloKill"/>, <see cref="ApiKill"/>), for how long (0 for a
/// kill) and on what.
/// </summary>
public sealed record Fault(double At, string Kind, double Seconds, string Detail)
{
    public const string DatabaseOutage = "db-outage";
    public const string SiloKill = "kill-silo";
    public const string ApiKill = "kill-api";

    public double End => At + Seconds;

    public string Label => Kind switch
    {
        DatabaseOutage => string.Create(CultureInfo.InvariantCulture, $"database out {Seconds:0} s"),
        SiloKill => "silo SIGKILL",
        ApiKill => "api SIGKILL",
        _ => Kind,
    };

    /// <summary>
    /// Reads the file's lines, <c>seconds kind detail</c> separated by tabs, where an outage is a
    /// <c>db-outage-start</c> and a <c>db-outage-end</c> line; an outage with no end lasts to <paramref name="runEnd"/>.
    /// </summary>
    public static IReadOnlyList<Fault> Read(string file, double runEnd)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        var faults = new List<Fault>();
        double? outageStart = null;
        var outageDetail = "";
        foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0))
        {
            var parts = line.Split('\t');
            var at = double.Parse(parts[0], CultureInfo.InvariantCulture);
            var detail = parts.Length > 2 ? parts[2] : "";
            switch (parts[1])
            {
                case "db-outage-start":
                    (outageStart, outageDetail) = (at, detail);
                    break;
                case "db-outage-end" when outageStart is { } start:
                    faults.Add(new Fault(start, DatabaseOutage, at - start, outageDetail));
                    outageStart = null;
                    break;
                default:
                    faults.Add(new Fault(at, parts[1], 0, detail));
                    break;
            }
        }

        if (outageStart is { } open)
        {
            faults.Add(new Fault(open, DatabaseOutage, runEnd - open, outageDetail + " (no restart recorded)"));
        }

        return [.. faults.OrderBy(f => f.At)];
    }
}
