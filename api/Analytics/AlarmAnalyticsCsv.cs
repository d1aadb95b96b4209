using System.Globalization;
using System.Text;

namespace Monitoring.Api.Analytics;

/// <summary>
/// The CSV export (RFC 4180: CRLF line ends, a header row, fields with a comma, quote or line break quoted and
/// their quotes doubled): one row per condition × bed × priority of the period, with the same figures as the
/// JSON's cells. No patient names or ids: the rows are per bed, not per patient.
/// </summary>
public static class AlarmAnalyticsCsv
{
    public const string MediaType = "text/csv";

    public static readonly string[] Header =
    [
        "unit_id", "from", "to", "self_resolved_seconds", "code", "kind", "bed", "priority", "raised", "self_resolved", "self_resolved_share",
        "acknowledged", "acknowledge_p50_seconds", "acknowledge_p90_seconds", "escalations", "re_alarms", "bed_days", "alarms_per_bed_day",
    ];

    public static string Write(AlarmAnalytics analytics)
    {
        ArgumentNullException.ThrowIfNull(analytics);
        var bedDays = analytics.ByBed.ToDictionary(b => b.Bed, b => b.BedDays, StringComparer.Ordinal);
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var cell in analytics.Cells)
        {
            var f = cell.Figures;
            var days = bedDays.GetValueOrDefault(cell.Bed);
            Line(text,
            [
                analytics.UnitId, Time(analytics.From), Time(analytics.To), Number(analytics.SelfResolvedSeconds), cell.Code, cell.Kind, cell.Bed, cell.Priority,
                Number(f.Raised), Number(f.SelfResolved), Number(f.SelfResolvedShare), Number(f.Acknowledged),
                Number(f.AcknowledgeP50Seconds), Number(f.AcknowledgeP90Seconds), Number(f.Escalations), Number(f.ReAlarms),
                Number(days), Number(days > 0 ? f.Raised / days : null),
            ]);
        }

        return text.ToString();
    }

    /// <summary>The file name offered for a download: the unit and the period's dates.</summary>
    public static string FileName(AlarmAnalytics analytics)
    {
        ArgumentNullException.ThrowIfNull(analytics);
        return $"alarm-analytics-{analytics.UnitId}-{analytics.From.UtcDateTime:yyyyMMdd'T'HHmm}-{analytics.To.UtcDateTime:yyyyMMdd'T'HHmm}.csv";
    }

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote));
        text.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
