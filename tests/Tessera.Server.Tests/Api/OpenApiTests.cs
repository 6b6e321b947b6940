using System.Net;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api;

public sealed class OpenApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task OpenApiDocument_IsOpenApi31WithEveryResource_NoAuthNeeded()
    {
        var doc = await fixture.Client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/openapi.json");

        Assert.StartsWith("3.1", (string?)doc!["openapi"], StringComparison.Ordinal);
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var expected in new[] { "/api/v1/auth/login", "/api/v1/workflows", "/api/v1/workflows/{id}", "/api/v1/workflows/{id}/run", "/api/v1/executions/{id}", "/api/v1/projects/{id}/members/{userId}", "/api/v1/api-keys", "/api/v1/node-types" })
        {
            Assert.Contains(expected, paths);
        }
    }

    [Fact]
    public async Task DocsPage_IsSelfContainedHtml()
    {
        using var response = await fixture.Client.GetAsync("api/v1/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/v1/openapi.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}
