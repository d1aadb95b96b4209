using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Monitoring.Api.Http;
using Monitoring.Api.Ingestion;

namespace Monitoring.Benchmarks;

/// <summary>
/// The HTTP ceiling on this machine: a bare minimal-API endpoint that parses the same reading batch
/// with the same parser and answers 202, with nothing behind it.
/// </summary>
public sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareEndpoint(WebApplication app, Uri url) => (_app, Url) = (app, url);

    public Uri Url { get; }

    public static async Task<BareEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/api/v1/devices/{deviceId}/readings", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var (body, invalid) = await JsonBody.ReadAsync(request, 1024 * 1024, RequestJson.Default.ReadingBatchRequest, ReadingBatchParser.Explain, cancellationToken);
            var (batch, problem, _) = invalid is null ? ReadingBatchParser.Parse(body!, DateTimeOffset.UtcNow) : (null, invalid, null);
            return problem ?? Results.Accepted((string?)null, new { accepted = batch!.Readings.Length, duplicate = false });
        });
        await app.StartAsync();
        var address = app.Urls.First();
        return new BareEndpoint(app, new Uri(address));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
