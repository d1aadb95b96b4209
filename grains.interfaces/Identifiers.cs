using System.Text.RegularExpressions;

namespace Monitoring;

/// <summary>
/// The shape every outside identifier (patient, device, unit, bed) must have: 1 to 64 characters of
/// letters, digits, '.', '_', '-' and ':'. Anything else is refused at the edge, so ids are safe in
/// grain keys, SignalR group names, alarm ids and logs.
/// </summary>
public static partial class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
