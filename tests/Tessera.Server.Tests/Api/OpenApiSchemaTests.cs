using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Api;

/// <summary>The OpenAPI document describes every endpoint's responses, and real responses match what it declares.</summary>
public sealed class OpenApiSchemaTests(TestUsers users) : IClassFixture<TestUsers>
{
    private async Task<JsonObject> DocumentAsync() =>
        (await users.Anonymous.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/openapi.json"))!.AsObject();

    [Fact]
    public async Task Document_EveryMappedEndpoint_Has2xxResponseWithSchema_AndProblemErrors()
    {
        var doc = await DocumentAsync();
        var endpoints = users.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(r => r.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .Where(r => r.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .SelectMany(r => (r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m.ToLowerInvariant(), Path: r.RoutePattern.RawText!.TrimEnd('/'))))
            .ToList();
        var problems = new List<string>();

        foreach (var (method, path) in endpoints)
        {
            var operation = doc["paths"]?[path]?[method];
            if (operation is null)
            {
                problems.Add($"{method} {path}: not in the document");
                continue;
            }

            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count == 0)
            {
                problems.Add($"{method} {path}: no 2xx response");
            }

            foreach (var (status, response) in success.Where(r => r.Key != "204"))
            {
                if (response?["content"]?.AsObject().FirstOrDefault().Value?["schema"] is null)
                {
                    problems.Add($"{method} {path}: {status} has no schema");
                }
            }

            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4')))
            {
                if ((string?)response?["content"]?["application/problem+json"]?["schema"]?["$ref"] != "#/components/schemas/Problem")
                {
                    problems.Add($"{method} {path}: {status} is not a Problem");
                }
            }
        }

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        Assert.True(problems.Count == 0, "Add the endpoint to OperationResponses: " + string.Join("; ", problems));
    }

    [Fact]
    public async Task Document_SecretsAreNotInTheSchemas_KeyOnlyOnCreate()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        Assert.Null(schemas["Credential"]!["properties"]!["data"]);
        Assert.Null(schemas["ApiKey"]!["properties"]!["key"]);
        Assert.Contains("key", schemas["CreatedApiKey"]!["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(new[] { "null", "string" }, schemas["ExecutionPage"]!["properties"]!["nextCursor"]!["type"]!.AsArray().Select(t => (string?)t).Order());
    }

    [Fact]
    public async Task RealResponses_MatchTheirDeclaredSchemas()
    {
        var doc = await DocumentAsync();
        var checker = new JsonSchemaChecker(doc);
        var editor = users.Member(ProjectRole.Editor);
        var admin = users.Member(ProjectRole.Admin);
        var workflow = await editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Manual("Schema", ["s"]));
        var failing = await editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Failing());
        await editor.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{failing.Id()}/run", new { wait = true });
        await editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/credentials?projectId={users.TeamId}", new { name = "Schema cred", type = "httpBearerAuth", data = new { token = "t" } });
        var calls = new (HttpClient Client, HttpStatusCode Status, string Method, string Path, object? Body, string Route)[]
        {
            (users.Anonymous, HttpStatusCode.OK, "GET", "api/v1/auth/status", null, "/api/v1/auth/status"),
            (editor, HttpStatusCode.OK, "GET", "api/v1/me", null, "/api/v1/me"),
            (editor, HttpStatusCode.OK, "GET", $"api/v1/workflows/{workflow.Id()}", null, "/api/v1/workflows/{id}"),
            (editor, HttpStatusCode.OK, "GET", "api/v1/workflows", null, "/api/v1/workflows"),
            (editor, HttpStatusCode.OK, "POST", $"api/v1/workflows/{workflow.Id()}/run", new { wait = true }, "/api/v1/workflows/{id}/run"),
            (editor, HttpStatusCode.Accepted, "POST", $"api/v1/workflows/{workflow.Id()}/run", new { }, "/api/v1/workflows/{id}/run"),
            (editor, HttpStatusCode.OK, "GET", $"api/v1/executions?workflowId={failing.Id()}", null, "/api/v1/executions"),
            (editor, HttpStatusCode.OK, "GET", $"api/v1/credentials?projectId={users.TeamId}", null, "/api/v1/credentials"),
            (editor, HttpStatusCode.OK, "GET", $"api/v1/projects/{users.TeamId}", null, "/api/v1/projects/{id}"),
            (editor, HttpStatusCode.OK, "GET", $"api/v1/projects/{users.TeamId}/members", null, "/api/v1/projects/{id}/members"),
            (users.Owner, HttpStatusCode.OK, "GET", "api/v1/users", null, "/api/v1/users"),
            (users.Owner, HttpStatusCode.OK, "GET", "api/v1/audit", null, "/api/v1/audit"),
            (admin, HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "schema", projectId = users.TeamId, role = "viewer" }, "/api/v1/api-keys"),
            (admin, HttpStatusCode.OK, "GET", "api/v1/api-keys", null, "/api/v1/api-keys"),
            (editor, HttpStatusCode.NotFound, "GET", "api/v1/workflows/missing", null, "/api/v1/workflows/{id}"),
            (users.Owner, HttpStatusCode.BadRequest, "POST", "api/v1/users", new { email = "x" }, "/api/v1/users"),
            (users.Member(ProjectRole.Viewer), HttpStatusCode.Forbidden, "DELETE", $"api/v1/workflows/{workflow.Id()}", null, "/api/v1/workflows/{id}"),
        };
        var failures = new List<string>();

        foreach (var (client, status, method, path, body, route) in calls)
        {
            var response = await client.ExpectAsync(status, method, path, body);
            var declared = doc["paths"]![route]![method.ToLowerInvariant()]!["responses"]![((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)];
            Assert.True(declared is not null, $"{method} {route}: {(int)status} is not declared");
            var schema = declared!["content"]!.AsObject().First().Value!["schema"]!;
            failures.AddRange(checker.Check(response, schema).Select(e => $"{method} {path} ({(int)status}): {e}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Checker_RejectsWrongTypesMissingFieldsAndEnumValues_AcceptsNullableTypes()
    {
        var doc = JsonNode.Parse("""
            { "components": { "schemas": { "T": { "type": "object", "required": ["a"], "properties": {
              "a": { "type": "integer" }, "b": { "type": ["string", "null"] }, "c": { "type": "string", "enum": ["x"] },
              "d": { "type": "array", "items": { "$ref": "#/components/schemas/T" } }, "e": { "anyOf": [{ "type": "null" }, { "type": "boolean" }] } } } } } }
            """)!.AsObject();
        var checker = new JsonSchemaChecker(doc);
        var schema = JsonNode.Parse("""{ "$ref": "#/components/schemas/T" }""")!;

        Assert.Empty(checker.Check(JsonNode.Parse("""{ "a": 1, "b": null, "c": "x", "d": [{ "a": 2, "b": "s" }], "e": null }"""), schema));
        Assert.Contains("$.a: expected integer, got number", checker.Check(JsonNode.Parse("""{ "a": 1.5 }"""), schema));
        Assert.Contains("$: missing required 'a'", checker.Check(JsonNode.Parse("""{ }"""), schema));
        Assert.Contains("$.c: \"y\" is not one of [\"x\"]", checker.Check(JsonNode.Parse("""{ "a": 1, "c": "y" }"""), schema));
        Assert.Contains("$.d[0]: missing required 'a'", checker.Check(JsonNode.Parse("""{ "a": 1, "d": [{ }] }"""), schema));
        Assert.Contains("$.e: matches none of anyOf", checker.Check(JsonNode.Parse("""{ "a": 1, "e": 3 }"""), schema));
        Assert.Contains("$.b: expected string|null, got integer", checker.Check(JsonNode.Parse("""{ "a": 1, "b": 3 }"""), schema));
    }
}
