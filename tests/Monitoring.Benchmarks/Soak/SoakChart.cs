using System.Globalization;
using System.Text;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// A small SVG of a soak run: batches accepted and not accepted per second (by the second they were
/// sent) above, alarm latency p50 and p99 per 10 s below, each fault a shaded band across both.
/// </summary>
public static class SoakChart
{
    private const int Width = 760, Left = 64, Right = 16, PlotWidth = Width - Left - Right;
    private const int RateTop = 40, RateHeight = 170, AlarmTop = 260, AlarmHeight = 130, Height = 430;

    public static string Render(string title, int end, TrafficSeconds traffic, IReadOnlyList<SoakWindow> windows, IReadOnlyList<Fault> faults)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(faults);
        var svg = new StringBuilder();
        svg.Append(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(I($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(I($"<text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Escape(title)}</text>\n"));
        double X(double second) => Left + (PlotWidth * Math.Clamp(second, 0, end) / end);

        foreach (var fault in faults)
        {
            var (x0, x1) = (X(fault.At), X(Math.Max(fault.End, fault.At + (end / 300.0))));
            svg.Append(I($"<rect x=\"{x0:0.0}\" y=\"{RateTop}\" width=\"{Math.Max(2, x1 - x0):0.0}\" height=\"{AlarmTop + AlarmHeight - RateTop}\" fill=\"#f4a261\" fill-opacity=\"0.35\"/>\n"));
            svg.Append(I($"<text x=\"{x0 + 3:0.0}\" y=\"{RateTop - 4}\" fill=\"#b5651d\">{Escape(fault.Label)}</text>\n"));
        }

        var perSecond = Enumerable.Range(0, end).Select(s => traffic.Sum(s, s + 1)).ToList();
        var rateMax = Nice(perSecond.Select(t => (double)Math.Max(t.Accepted, t.NotAccepted)).DefaultIfEmpty(1).Max());
        Axis(svg, "batches/s", RateTop, RateHeight, rateMax, end, X);
        Line(svg, perSecond.Select((t, s) => (X(s + 0.5), Y(t.Accepted, rateMax, RateTop, RateHeight))), "#2a9d8f");
        Line(svg, perSecond.Select((t, s) => (X(s + 0.5), Y(t.NotAccepted, rateMax, RateTop, RateHeight))), "#e63946");
        Legend(svg, RateTop + 12, ("accepted (2xx)", "#2a9d8f"), ("refused, timed out or not connected", "#e63946"));

        var latencies = windows.Where(w => !double.IsNaN(w.AlarmP99Ms)).ToList();
        var alarmMax = Nice(Math.Max(SoakTargets.AlarmP99Ms, latencies.Select(w => w.AlarmP99Ms).DefaultIfEmpty(0).Max()));
        Axis(svg, "alarm latency (ms)", AlarmTop, AlarmHeight, alarmMax, end, X);
        var limit = Y(SoakTargets.AlarmP99Ms, alarmMax, AlarmTop, AlarmHeight);
        svg.Append(I($"<line x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{limit:0.0}\" y2=\"{limit:0.0}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"));
        Line(svg, latencies.Select(w => (X((w.From + w.To) / 2.0), Y(w.AlarmP99Ms, alarmMax, AlarmTop, AlarmHeight))), "#6a4c93", dots: true);
        Line(svg, latencies.Select(w => (X((w.From + w.To) / 2.0), Y(w.AlarmP50Ms, alarmMax, AlarmTop, AlarmHeight))), "#b8a1d9", dots: true);
        Legend(svg, AlarmTop + 12, ("p99 per 10 s", "#6a4c93"), ("p50", "#b8a1d9"), ("1 s", "#999"));
        svg.Append(I($"<text x=\"{Left + (PlotWidth / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\">minutes since the devices started</text>\n"));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Axis(StringBuilder svg, string label, int top, int height, double max, int end, Func<double, double> x)
    {
        svg.Append(I($"<rect x=\"{Left}\" y=\"{top}\" width=\"{PlotWidth}\" height=\"{height}\" fill=\"none\" stroke=\"#ccc\"/>\n"));
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            var y = Y(value, max, top, height);
            svg.Append(I($"<text x=\"{Left - 4}\" y=\"{y + 4:0.0}\" text-anchor=\"end\" fill=\"#555\">{value:#,0.##}</text>\n"));
        }

        svg.Append(I($"<text transform=\"translate(14 {top + (height / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">{label}</text>\n"));
        var step = end <= 600 ? 60 : end <= 1800 ? 120 : end <= 3600 ? 300 : 600;
        for (var s = 0; s <= end; s += step)
        {
            svg.Append(I($"<line x1=\"{x(s):0.0}\" x2=\"{x(s):0.0}\" y1=\"{top + height}\" y2=\"{top + height + 4}\" stroke=\"#555\"/>"));
            svg.Append(I($"<text x=\"{x(s):0.0}\" y=\"{top + height + 15}\" text-anchor=\"middle\" fill=\"#555\">{s / 60}</text>\n"));
        }
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, string colour, bool dots = false)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return;
        }

        svg.Append(I($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{string.Join(' ', list.Select(p => I($"{p.X:0.0},{p.Y:0.0}")))}\"/>\n"));
        foreach (var (x, y) in dots ? list : [])
        {
            svg.Append(I($"<circle cx=\"{x:0.0}\" cy=\"{y:0.0}\" r=\"2\" fill=\"{colour}\"/>"));
        }

        svg.Append('\n');
    }

    private static void Legend(StringBuilder svg, int y, params (string Label, string Colour)[] entries)
    {
        var x = Left + 8.0;
        foreach (var (label, colour) in entries)
        {
            svg.Append(I($"<line x1=\"{x:0.0}\" x2=\"{x + 16:0.0}\" y1=\"{y - 4}\" y2=\"{y - 4}\" stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{x + 20:0.0}\" y=\"{y}\">{Escape(label)}</text>\n"));
            x += 30 + (label.Length * 6);
        }
    }

    private static double Y(double value, double max, int top, int height) => top + height - (height * Math.Clamp(value / max, 0, 1));

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double Nice(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(value, 1))));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * power).First(n => n >= value);
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
