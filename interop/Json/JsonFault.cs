using System.Text.Json.Serialization.Metadata;

namespace Monitoring.Json;

/// <summary>
/// Where a body that is valid JSON does not fit its record, as <see cref="JsonErrorLocator.FaultOf"/> finds it.
/// <see cref="Field"/> is the path the problem is reported under (<c>readings[0].code</c>; empty for the body
/// itself), <see cref="Member"/> the name of the member at fault (null for the body or an item of a list),
/// <see cref="Owner"/> the record it is, or would be, a member of, and <see cref="IsUnknown"/> whether that
/// record has no such member.
/// </summary>
public sealed record JsonFault(string Field, string? Member, JsonTypeInfo? Owner, bool IsUnknown)
{
    /// <summary>The names of the owner's members, in the order the record declares them.</summary>
    public IEnumerable<string> Members => Owner?.Properties.Select(p => p.Name) ?? [];
}
