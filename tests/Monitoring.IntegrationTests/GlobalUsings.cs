global using Orleans;
global using Orleans.Hosting;
global using Xunit;
