using Monitoring.Api.Hosting;
using Monitoring.Api.Security;
using Microsoft.Extensions.Options;
using Monitoring.Hosting;

if (args is [TokenCommand.Verb, ..])
{
    var settings = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
    return TokenCommand.Run(args, settings);
}

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddMonitoringApi();

    var app = builder.Build();
    // Every setting is checked before anything starts (the Orleans client and the MLLP listener included).
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    app.MapMonitoringApi();
    app.Run();
    return 0;
}
catch (Exception exception) when (SettingsFailure.Describe(exception) is { } failure)
{
    // A bad setting: each failure names its key (docs/CONFIGURATION.md lists them all).
    Console.Error.WriteLine(failure);
    return 2;
}
