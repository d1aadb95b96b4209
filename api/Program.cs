using Monitoring.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMonitoringApi();

var app = builder.Build();
app.MapMonitoringApi();
app.Run();
