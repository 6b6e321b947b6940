using System.Net;
using System.Text.Json;

using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests;

public sealed class HostingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Healthz_RunningServer_ReportsStorage()
    {
        using var response = await fixture.Client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("sqlite", body.RootElement.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task UnknownApiPath_Returns404ProblemDetails()
    {
        using var response = await fixture.Client.GetAsync("api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://tessera.dev/problems/not-found", body.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void BaseAddress_DefaultHost_IsLoopback()
    {
        Assert.Equal("127.0.0.1", fixture.Server.BaseAddress.Host);
        Assert.NotEqual(0, fixture.Server.BaseAddress.Port);
    }
}
