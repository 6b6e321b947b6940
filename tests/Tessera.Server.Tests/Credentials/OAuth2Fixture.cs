using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Server.Tests.Triggers;
using Tessera.Storage.Credentials;

namespace Tessera.Server.Tests.Credentials;

/// <summary>A server with users (<see cref="TestUsers"/>) and an OAuth2 provider double, both on one hand-moved clock.</summary>
public sealed class OAuth2Fixture : TestUsers
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public OAuth2ServerDouble Provider { get; private set; } = null!;

    protected override void Configure(ServerOptions options) => options.Time = Clock;

    public override async Task InitializeAsync()
    {
        Provider = await OAuth2ServerDouble.StartAsync(Clock);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }

    /// <summary>Creates an oAuth2Api credential in Team (as the owner) and returns its id.</summary>
    public async Task<string> CreateCredentialAsync(string grantType, string authentication = "header", bool withSecret = true, string? providerUrl = null)
    {
        var data = new Dictionary<string, object?>
        {
            ["grantType"] = grantType,
            ["accessTokenUrl"] = (providerUrl ?? Provider.Url) + "/token",
            ["clientId"] = Provider.ClientId,
            ["scope"] = "read write",
            ["authentication"] = authentication,
        };
        if (withSecret)
        {
            data["clientSecret"] = Provider.ClientSecret;
        }

        if (grantType != "clientCredentials")
        {
            data["authUrl"] = Provider.Url + "/authorize";
            data["authQueryParameters"] = "access_type=offline";
        }

        var created = await Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/credentials?projectId={TeamId}",
            new { name = "OAuth " + Guid.NewGuid().ToString("n")[..8], type = "oAuth2Api", data });
        return created.Id();
    }

    /// <summary>The credential's public view.</summary>
    public async Task<JsonNode> CredentialAsync(string id) => (await Owner.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}"))!;

    /// <summary>
    /// Runs Start → Call (HTTP Request to the protected API with the credential) on <paramref name="items"/> items;
    /// with <paramref name="proxy"/>, the node's requests go through that proxy to <paramref name="providerUrl"/>.
    /// </summary>
    public async Task<ExecutionResult> RunAsync(string credentialId, int items = 1, string authentication = "genericCredentialType", string? proxy = null, string? providerUrl = null)
    {
        var url = (providerUrl ?? Provider.Url) + "/api/me";
        var options = proxy is null ? "{}" : $$"""{ "proxy": "{{proxy}}" }""";
        var parameters = authentication == "genericCredentialType"
            ? $$"""{ "url": "{{url}}", "authentication": "genericCredentialType", "genericAuthType": "oAuth2Api", "options": {{options}} }"""
            : $$"""{ "url": "{{url}}", "authentication": "predefinedCredentialType", "nodeCredentialType": "oAuth2Api", "options": {{options}} }""";
        var workflow = WorkflowJson.Parse($$"""
            {
              "name": "OAuth2 call",
              "nodes": [
                { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
                { "name": "Call", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [200, 0],
                  "parameters": {{parameters}},
                  "credentials": { "oAuth2Api": { "id": "{{credentialId}}", "name": "OAuth" } } }
              ],
              "connections": { "Start": { "main": [[{ "node": "Call", "type": "main", "index": 0 }]] } }
            }
            """);
        var engine = Server.Services.GetRequiredService<WorkflowEngine>();
        var executionId = "oauth-" + Guid.NewGuid().ToString("n")[..8];
        using (CredentialScope.Enter(new CredentialScope(TeamId, "wf-oauth", executionId)))
        {
            return await engine.RunAsync(workflow, new RunOptions
            {
                ExecutionId = executionId,
                Time = Clock,
                TriggerItems = [.. Enumerable.Range(0, items).Select(i => new Item(new JsObject { ["i"] = i }))],
            });
        }
    }

    /// <summary>The items the Call node put out.</summary>
    public static IReadOnlyList<Item> Output(ExecutionResult result) =>
        result.RunData.InOrder.Where(r => r.Node == "Call").SelectMany(r => r.Run.Outputs.FirstOrDefault() ?? []).ToList();
}
