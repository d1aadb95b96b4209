using System.Text.RegularExpressions;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// The metric names a PromQL expression reads: its identifiers once strings, label matchers (<c>{…}</c>),
/// ranges (<c>[5m]</c>), label lists (<c>by (le)</c>, <c>on (slo)</c>, …), Grafana's variables and numbers are
/// taken out, less functions and aggregations (an identifier followed by <c>(</c>) and PromQL's keywords.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2",
    };

    public static IReadOnlySet<string> Of(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = Strings().Replace(expression, " ");
        text = LabelMatchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = LabelLists().Replace(text, " ");
        text = GrafanaVariables().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match token in Tokens().Matches(text))
        {
            if (!token.Groups["name"].Success || Keywords.Contains(token.Value.ToLowerInvariant()))
            {
                continue;
            }

            var next = token.Index + token.Length;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next < text.Length && text[next] == '(')
            {
                continue; // a function or an aggregation
            }

            names.Add(token.Value);
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariables();

    /// <summary>A number (<c>0.99</c>, <c>1e3</c>, <c>0x1f</c>, <c>5m</c> after offset) or a name.</summary>
    [GeneratedRegex(@"(?<number>\d[\w.]*)|(?<name>[A-Za-z_:][A-Za-z0-9_:]*)")]
    private static partial Regex Tokens();
}
