using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tessera.Server.Api.OpenApi;

/// <summary>
/// Declares what every operation answers: its success status with a schema from <see cref="OpenApiSchemas"/>, and its
/// error statuses as RFC 9457 problems. Handlers return <c>IResult</c>, which the generator cannot see through, so the
/// table below is the description; a test fails when a mapped endpoint is missing from it.
/// </summary>
internal static class OperationResponses
{
    private const string Authenticated = "400 401 403 404";

    /// <summary>"METHOD /route" → success ("201 Workflow", "200 User[]", "204", "200 text/event-stream") and error statuses.</summary>
    private static readonly Dictionary<string, (string Success, string Errors)> Operations = new()
    {
        ["GET /api/v1/auth/status"] = ("200 AuthStatus", ""),
        ["POST /api/v1/auth/setup"] = ("200 User", "400 409"),
        ["POST /api/v1/auth/login"] = ("200 User", "400 401 429"),
        ["POST /api/v1/auth/logout"] = ("204", ""),
        ["GET /api/v1/me"] = ("200 Me", "401"),

        ["GET /api/v1/credential-types"] = ("200 CredentialType[]", "401"),
        ["GET /api/v1/credentials"] = ("200 Credential[]", Authenticated),
        ["POST /api/v1/credentials"] = ("201 Credential", Authenticated),
        ["GET /api/v1/credentials/{id}"] = ("200 Credential", Authenticated),
        ["PATCH /api/v1/credentials/{id}"] = ("200 Credential", Authenticated),
        ["DELETE /api/v1/credentials/{id}"] = ("204", Authenticated + " 409"),
        ["POST /api/v1/credentials/{id}/test"] = ("200 CheckResult", Authenticated),
        ["GET /api/v1/credentials/{id}/oauth2/auth"] = ("200 OAuth2Start|302", Authenticated),

        ["GET /api/v1/audit"] = ("200 AuditPage", Authenticated),
        ["POST /api/v1/audit/verify"] = ("200 AuditVerification", "401 403"),

        ["GET /api/v1/users"] = ("200 User[]", "401 403"),
        ["POST /api/v1/users"] = ("201 User", Authenticated + " 409"),
        ["GET /api/v1/users/{id}"] = ("200 User", Authenticated),
        ["PATCH /api/v1/users/{id}"] = ("200 User", Authenticated + " 409"),
        ["DELETE /api/v1/users/{id}"] = ("204", Authenticated + " 409"),

        ["GET /api/v1/projects"] = ("200 Project[]", "401"),
        ["POST /api/v1/projects"] = ("201 Project", Authenticated),
        ["GET /api/v1/projects/{id}"] = ("200 Project", Authenticated),
        ["PATCH /api/v1/projects/{id}"] = ("200 Project", Authenticated),
        ["DELETE /api/v1/projects/{id}"] = ("204", Authenticated + " 409"),
        ["GET /api/v1/projects/{id}/members"] = ("200 ProjectMember[]", Authenticated),
        ["PUT /api/v1/projects/{id}/members/{userId}"] = ("200 ProjectMember", Authenticated),
        ["DELETE /api/v1/projects/{id}/members/{userId}"] = ("204", Authenticated),

        ["GET /api/v1/api-keys"] = ("200 ApiKey[]", "401"),
        ["POST /api/v1/api-keys"] = ("201 CreatedApiKey", Authenticated),
        ["DELETE /api/v1/api-keys/{id}"] = ("204", Authenticated),

        ["GET /api/v1/workflows"] = ("200 WorkflowPage", "400 401"),
        ["POST /api/v1/workflows"] = ("201 Workflow", Authenticated),
        ["GET /api/v1/workflows/{id}"] = ("200 Workflow", Authenticated),
        ["PUT /api/v1/workflows/{id}"] = ("200 Workflow", Authenticated + " 409"),
        ["DELETE /api/v1/workflows/{id}"] = ("204", Authenticated),
        ["GET /api/v1/workflows/{id}/export"] = ("200 Workflow", Authenticated),
        ["POST /api/v1/workflows/{id}/duplicate"] = ("201 Workflow", Authenticated),
        ["POST /api/v1/workflows/{id}/activate"] = ("200 Workflow", Authenticated + " 409"),
        ["POST /api/v1/workflows/{id}/deactivate"] = ("200 Workflow", Authenticated),
        ["POST /api/v1/workflows/{id}/run"] = ("202 ExecutionStarted|200 Execution", Authenticated),
        ["POST /api/v1/workflows/validate"] = ("200 WorkflowValidation", "400 401"),
        ["POST /api/v1/workflows/import"] = ("201 Workflow[]", Authenticated),

        ["GET /api/v1/node-types"] = ("200 NodeType[]", "401"),
        ["POST /api/v1/expressions/preview"] = ("200 ExpressionPreview", "400 401"),

        ["GET /api/v1/executions"] = ("200 ExecutionPage", Authenticated),
        ["GET /api/v1/executions/{id}"] = ("200 Execution", Authenticated),
        ["DELETE /api/v1/executions/{id}"] = ("204", Authenticated + " 409"),
        ["POST /api/v1/executions/{id}/cancel"] = ("200 ExecutionSummary", Authenticated + " 409"),
        ["POST /api/v1/executions/{id}/retry"] = ("202 ExecutionStarted", Authenticated + " 409"),
        ["POST /api/v1/executions/{id}/replay"] = ("202 ExecutionStarted", Authenticated + " 409"),
        ["POST /api/v1/executions/{id}/fork"] = ("202 ExecutionStarted", Authenticated + " 409"),
        ["GET /api/v1/executions/{id}/events"] = ("200 text/event-stream", Authenticated),
        ["GET /api/v1/events"] = ("200 text/event-stream", Authenticated),
    };

    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["200"] = "OK", ["201"] = "Created", ["202"] = "Accepted: the run continues; follow it with GET /api/v1/executions/{id} or its events.",
        ["204"] = "No content", ["302"] = "Redirect (redirect=true) to the provider's authorization page.", ["400"] = "The request is invalid (validation-failed lists every field).", ["401"] = "Not signed in: no session cookie or API key.",
        ["403"] = "Signed in, but the role in this project is too weak.", ["404"] = "No such resource in a project the caller can see.",
        ["409"] = "Conflicts with the current state (e.g. version-conflict).", ["429"] = "Too many attempts; wait (Retry-After).",
    };

    /// <summary>Adds the component schemas and every operation's responses.</summary>
    public static Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in OpenApiSchemas.Parsed())
        {
            document.Components.Schemas[name] = OpenApiSchemaReader.Read(schema, document);
        }

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (Operations.TryGetValue($"{method.Method.ToUpperInvariant()} {path}", out var declared))
                {
                    operation.Responses = Responses(declared.Success, declared.Errors, document);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiResponses Responses(string success, string errors, OpenApiDocument document)
    {
        var responses = new OpenApiResponses();
        foreach (var part in success.Split('|'))
        {
            var (status, body) = part.IndexOf(' ') is var space and > 0 ? (part[..space], part[(space + 1)..]) : (part, null);
            var response = new OpenApiResponse { Description = Reasons[status] };
            if (body == "text/event-stream")
            {
                response.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/event-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Server-sent events: one JSON journal event per data line." } },
                };
            }
            else if (body is not null)
            {
                var isArray = body.EndsWith("[]", StringComparison.Ordinal);
                IOpenApiSchema schema = new OpenApiSchemaReference(isArray ? body[..^2] : body, document);
                response.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = isArray ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema } : schema },
                };
            }

            responses[status] = response;
        }

        foreach (var status in errors.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            responses[status] = new OpenApiResponse
            {
                Description = Reasons[status],
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("Problem", document) } },
            };
        }

        return responses;
    }
}
