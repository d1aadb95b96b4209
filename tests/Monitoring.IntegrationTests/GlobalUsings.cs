global using Orleans;
global using Orleans.Hosting;
global using Xunit;
global using Monitoring.Tests.Shared;
