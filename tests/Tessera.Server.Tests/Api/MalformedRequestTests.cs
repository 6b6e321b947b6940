using System.Net;
using System.Text;

namespace Tessera.Server.Tests.Api;

/// <summary>A server with a 4 KiB body limit: oversized, malformed and mistyped bodies get 4xx and change nothing.</summary>
public sealed class MalformedRequestTests(MalformedRequestTests.SmallBodyUsers users) : IClassFixture<MalformedRequestTests.SmallBodyUsers>
{
    public sealed class SmallBodyUsers : TestUsers
    {
        protected override void Configure(ServerOptions options) => options.MaxRequestBodyBytes = 4096;
    }

    private async Task<int> WorkflowCountAsync() => (await users.Server.Storage.Workflows.ListAsync(new() { Limit = 1000 }, default)).Count;

    [Fact]
    public async Task BodyOverTheLimit_413AndNothingSaved()
    {
        var before = await WorkflowCountAsync();
        var huge = System.Text.Json.JsonSerializer.Serialize(new { name = new string('x', 10_000), nodes = Array.Empty<object>(), connections = new { } });

        await users.Owner.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "POST", $"api/v1/workflows?projectId={users.TeamId}", huge);

        Assert.Equal(before, await WorkflowCountAsync());
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"nodes\": [")]
    [InlineData("not json at all")]
    public async Task MalformedJson_400AndNothingSaved(string body)
    {
        var before = await WorkflowCountAsync();

        using var response = await users.Owner.PostAsync($"api/v1/workflows?projectId={users.TeamId}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await WorkflowCountAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task WrongContentType_415AndNothingSaved(string mediaType)
    {
        var before = await WorkflowCountAsync();

        using var response = await users.Owner.PostAsync($"api/v1/workflows?projectId={users.TeamId}", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(before, await WorkflowCountAsync());
    }

    [Fact]
    public async Task MalformedJsonOnUpdate_400AndWorkflowUnchanged()
    {
        var created = await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Manual("Keep"));

        using var response = await users.Owner.PutAsync($"api/v1/workflows/{created.Id()}", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var stored = await users.Server.Storage.Workflows.GetAsync(created.Id(), default);
        Assert.Equal("Keep", stored!.Name);
        Assert.Equal((string?)created!["versionId"], stored.VersionId);
    }
}
