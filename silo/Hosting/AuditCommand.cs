using Microsoft.Extensions.DependencyInjection;
using Monitoring.Audit;
using Npgsql;

namespace Monitoring.Silo.Hosting;

/// <summary>
/// <c>Monitoring.Silo audit verify [--anchor {sequence}:{hash}]</c>: recomputes the audit trail's hash chain and
/// says whether it is whole, or names the first row that does not fit. Exit code 0 when whole, 1 when not.
/// Keep the head it prints somewhere outside the database: given back as an anchor, it shows that the chain
/// was not written again since.
/// </summary>
internal static class AuditCommand
{
    private const string Usage = "Usage: Monitoring.Silo audit verify [--anchor <sequence>:<hash>]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] arguments)
    {
        (long, byte[])? anchor = null;
        switch (arguments)
        {
            case ["verify"]:
                break;
            case ["verify", "--anchor", var text] when AuditChain.ParseAnchor(text) is { } parsed:
                anchor = parsed;
                break;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }

        var report = await AuditChain.VerifyAsync(services.GetRequiredService<NpgsqlDataSource>(), anchor, CancellationToken.None);
        Console.WriteLine(report.FirstBroken is { } broken
            ? $"Audit trail NOT intact: {(broken.Id is { } id ? $"row {id} (place {broken.Sequence} in the chain, {broken.At:u})" : $"place {broken.Sequence} in the chain")}: {broken.Problem}."
            : $"Audit trail intact: {report.Rows} row(s) in the chain{(report.FirstSequence is { } first ? $", places {first} to {report.LastSequence}" : "")}{(report.DroppedByRetention > 0 ? $"; {report.DroppedByRetention} place(s) before them dropped by retention, as it recorded" : "")}{(report.Unchained > 0 ? $"; {report.Unchained} row(s) from before the chain began, not checked" : "")}.");
        Console.WriteLine($"Head: {report.HeadSequence}:{report.HeadHash}");
        return report.Intact ? 0 : 1;
    }
}
