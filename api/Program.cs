using Monitoring.Api.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddMonitoringApi();

var app = builder.Build();
app.MapMonitoringApi();
app.Run();
