namespace Monitoring.Alarms;

/// <summary>The words API.md uses for alarm vocabulary ("high", "acknowledged", ...), for storage and queries.</summary>
public static class AlarmWords
{
    public static string Of<T>(T value)
        where T : struct, Enum => Kebab(value.ToString());

    public static bool TryParse<T>(string? word, out T value)
        where T : struct, Enum
    {
        value = default;
        return word is not null && Enum.TryParse(word.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value)
            && Enum.IsDefined(value) && string.Equals(Of(value), word, StringComparison.OrdinalIgnoreCase);
    }

    private static string Kebab(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
