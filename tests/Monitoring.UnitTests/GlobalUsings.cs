global using Xunit;
global using Monitoring.Tests.Shared;
