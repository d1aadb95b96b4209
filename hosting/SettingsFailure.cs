using Microsoft.Extensions.Options;

namespace Monitoring.Hosting;

/// <summary>
/// Tells a bad setting from a crash (compiled into the silo and the api), so that start-up stopped by a
/// setting says which one in a line, without a stack trace.
/// </summary>
public static class SettingsFailure
{
    private const string Binder = "Microsoft.Extensions.Configuration.Binder";

    /// <summary>One line per failure when <paramref name="exception"/> comes from settings; otherwise null.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(Environment.NewLine, invalid.Failures),
        // A value the binder cannot convert; its message names the key ("… at 'Snapshots:Interval' to type 'System.TimeSpan'").
        InvalidOperationException { Source: Binder } unconvertible => unconvertible.Message,
        // Validation at start reports every failing options class at once.
        AggregateException many when many.InnerExceptions.Select(Describe).ToList() is var failures && failures.All(f => f is not null)
            => string.Join(Environment.NewLine, failures),
        _ => null,
    };
}
