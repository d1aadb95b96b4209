namespace Monitoring.Simulator.AlarmManager;

/// <summary>A person the simulated alarm manager pages, and the pager or phone it reaches them on.</summary>
public sealed record Recipient(string Id, string Prefix, string GivenName, string FamilyName, string Device)
{
    /// <summary>The night's rota of the simulated ward.</summary>
    public static IReadOnlyList<Recipient> Rota { get; } =
    [
        new("D123", "Dr", "Anna", "Berg", "PAGER-4711"),
        new("N456", "", "Sam", "Okafor", "PHONE-2201"),
    ];
}
