using Monitoring.Api.Hosting;
using Monitoring.Api.Security;

if (args is [TokenCommand.Verb, ..])
{
    var settings = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
    return TokenCommand.Run(args, settings);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddMonitoringApi();

var app = builder.Build();
app.MapMonitoringApi();
app.Run();
return 0;
