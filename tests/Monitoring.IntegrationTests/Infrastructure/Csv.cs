using System.Text;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>An RFC 4180 reader: records end with CRLF, a quoted field may hold commas, quotes (doubled) and line breaks.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n' or '"', $"a bare {(int)c} outside quotes at {i}: not RFC 4180");
                field.Append(c);
            }
        }

        Assert.True(fields.Count == 0 && field.Length == 0 && !quoted, "the last record does not end with CRLF");
        return records;
    }
}
