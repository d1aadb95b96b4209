using System.Globalization;
using Monitoring.IntegrationTests.Infrastructure;
using Npgsql;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A system that reaches PostgreSQL through an <see cref="OutageProxy"/>, so a test can take the
/// database away; by default its vitals buffer holds 1,000 readings, so a test can fill it.
/// </summary>
public class OutageSystem : RunningSystem
{
    private OutageProxy? _proxy;

    public OutageSystem()
        : this(bufferCapacity: 1000)
    {
    }

    /// <summary>A system whose vitals buffer holds <paramref name="bufferCapacity"/> readings.</summary>
    protected OutageSystem(int bufferCapacity)
        : this(new Dictionary<string, string> { ["VitalsHistory__Capacity"] = bufferCapacity.ToString(CultureInfo.InvariantCulture) })
    {
    }

    /// <summary>A system with <paramref name="settings"/> of its own (the vitals buffer as configured by default, unless they say).</summary>
    protected OutageSystem(IReadOnlyDictionary<string, string> settings)
        : base(settings)
    {
    }

    public OutageProxy Proxy => _proxy ?? throw new InvalidOperationException("Not started.");

    protected override string SystemConnectionString
    {
        get
        {
            var direct = new NpgsqlConnectionStringBuilder(Database.ApplicationConnectionString);
            _proxy ??= new OutageProxy(direct.Host!, direct.Port);
            return new NpgsqlConnectionStringBuilder(Database.ApplicationConnectionString) { Host = "127.0.0.1", Port = _proxy.Port, Timeout = 3 }.ConnectionString;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }
}
