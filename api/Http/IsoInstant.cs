using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitoring.Api.Http;

/// <summary>An ISO 8601 date and time that says its offset (<c>Z</c> or <c>±hh:mm</c>), as the API's periods take them.</summary>
public static partial class IsoInstant
{
    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return text is not null && WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}
