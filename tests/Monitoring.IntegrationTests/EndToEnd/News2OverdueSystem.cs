using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A system of its own whose NEWS2 parameters go stale after 10 s (the shortest <c>Alarms:News2MaxAge</c>), so that
/// observations fall overdue within a test; on the shared system that would disturb every NEWS2 test.
/// </summary>
public sealed class News2OverdueSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Alarms__News2MaxAge"] = "00:00:10",
});
