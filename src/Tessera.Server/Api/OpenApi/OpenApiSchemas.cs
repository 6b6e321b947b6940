using System.Text.Json.Nodes;

namespace Tessera.Server.Api.OpenApi;

/// <summary>
/// The response shapes of the API as JSON Schema (the 2020-12 subset OpenAPI 3.1 uses: type, properties, required,
/// items, $ref, enum, format, anyOf, nullable through type arrays). Kept as JSON so they read like the responses they
/// describe; <see cref="OpenApiSchemaReader"/> turns them into the document model.
/// </summary>
internal static class OpenApiSchemas
{
    private const string Time = """{ "type": "string", "format": "date-time" }""";
    private const string NullableTime = """{ "type": ["string", "null"], "format": "date-time" }""";
    private const string Role = """{ "type": "string", "enum": ["viewer", "approver", "operator", "editor", "admin"] }""";
    private const string Status = """{ "type": "string", "enum": ["running", "waiting", "success", "error", "canceled"] }""";
    private const string NullableString = """{ "type": ["string", "null"] }""";

    private const string ExecutionSummaryProperties = $$"""
        "id": { "type": "string" },
        "workflowId": {{NullableString}},
        "workflowName": {{NullableString}},
        "mode": { "type": "string", "description": "manual, trigger, webhook, retry, …" },
        "status": {{Status}},
        "startedAt": {{Time}},
        "finishedAt": {{NullableTime}},
        "durationMs": { "type": ["number", "null"] },
        "lastNode": {{NullableString}},
        "failedNode": {{NullableString}},
        "parentExecutionId": {{NullableString}}
        """;

    private const string ExecutionSummaryRequired = """ "id", "mode", "status", "startedAt" """;

    private const string UserProperties = $$"""
        "id": { "type": "string" },
        "email": { "type": "string" },
        "name": { "type": "string" },
        "isOwner": { "type": "boolean" },
        "createdAt": {{Time}}
        """;

    private const string ApiKeyProperties = $$"""
        "id": { "type": "string" },
        "name": { "type": "string" },
        "projectId": { "type": "string" },
        "role": {{Role}},
        "createdAt": {{Time}},
        "lastUsedAt": {{NullableTime}},
        "prefix": { "type": "string", "description": "The first characters of the key, to recognise it." }
        """;

    /// <summary>Component name → schema JSON.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Problem"] = """
            {
              "type": "object",
              "description": "RFC 9457 problem details. Branch on type (https://tessera.dev/problems/<slug>), not on the message.",
              "required": ["type", "title", "status"],
              "properties": {
                "type": { "type": "string", "format": "uri" },
                "title": { "type": "string" },
                "status": { "type": "integer" },
                "detail": { "type": ["string", "null"] },
                "instance": { "type": ["string", "null"] },
                "traceId": { "type": "string" },
                "errors": { "type": "array", "description": "validation-failed: every problem at once.", "items": { "$ref": "#/components/schemas/FieldError" } },
                "currentVersionId": { "type": "string", "description": "version-conflict: the version to re-read." }
              }
            }
            """,
        ["FieldError"] = """
            { "type": "object", "required": ["path", "message"], "properties": { "path": { "type": "string" }, "message": { "type": "string" } } }
            """,
        ["WorkflowNode"] = """
            {
              "type": "object",
              "description": "An n8n node.",
              "required": ["name", "type", "typeVersion", "parameters"],
              "properties": {
                "id": { "type": "string" },
                "name": { "type": "string" },
                "type": { "type": "string" },
                "typeVersion": { "type": "number" },
                "position": { "type": "array", "items": { "type": "number" } },
                "parameters": { "type": "object" },
                "credentials": { "type": "object" },
                "disabled": { "type": "boolean" },
                "webhookId": { "type": "string" }
              }
            }
            """,
        ["Workflow"] = $$"""
            {
              "type": "object",
              "description": "n8n workflow JSON plus the server's fields (id, versionId, projectId, active, times).",
              "required": ["id", "name", "nodes", "connections", "active", "versionId"],
              "properties": {
                "id": { "type": "string" },
                "name": { "type": "string" },
                "nodes": { "type": "array", "items": { "$ref": "#/components/schemas/WorkflowNode" } },
                "connections": { "type": "object" },
                "settings": { "type": "object" },
                "active": { "type": "boolean" },
                "versionId": { "type": "string", "description": "Send it back on PUT; a stale one is a version-conflict." },
                "projectId": { "type": "string" },
                "tags": { "type": "array", "items": { "type": "string" } },
                "createdAt": {{Time}},
                "updatedAt": {{Time}}
              }
            }
            """,
        ["WorkflowSummary"] = $$"""
            {
              "type": "object",
              "required": ["id", "name", "active", "tags", "updatedAt", "nodeCount"],
              "properties": {
                "id": { "type": "string" },
                "name": { "type": "string" },
                "active": { "type": "boolean" },
                "tags": { "type": "array", "items": { "type": "string" } },
                "projectId": {{NullableString}},
                "updatedAt": {{Time}},
                "nodeCount": { "type": "integer" },
                "lastExecution": {
                  "anyOf": [
                    { "type": "null" },
                    { "type": "object", "required": ["id", "status", "startedAt"], "properties": { "id": { "type": "string" }, "status": {{Status}}, "startedAt": {{Time}} } }
                  ]
                }
              }
            }
            """,
        ["WorkflowPage"] = """
            {
              "type": "object",
              "required": ["items", "total"],
              "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/WorkflowSummary" } }, "total": { "type": "integer" } }
            }
            """,
        ["WorkflowValidation"] = """
            {
              "type": "object",
              "required": ["valid", "problems"],
              "properties": { "valid": { "type": "boolean" }, "problems": { "type": "array", "items": { "type": "object" } } }
            }
            """,
        ["ExecutionSummary"] = $$"""
            { "type": "object", "required": [{{ExecutionSummaryRequired}}], "properties": { {{ExecutionSummaryProperties}} } }
            """,
        ["Execution"] = $$"""
            {
              "type": "object",
              "description": "An execution with n8n's runData (per node, per run: startTime, executionTime, executionStatus, source, data.main).",
              "required": [{{ExecutionSummaryRequired}}, "workflow", "runData"],
              "properties": {
                {{ExecutionSummaryProperties}},
                "error": { "type": ["object", "null"] },
                "workflow": { "type": "object" },
                "runData": { "type": "object" }
              }
            }
            """,
        ["ExecutionPage"] = """
            {
              "type": "object",
              "required": ["items", "nextCursor"],
              "properties": {
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/ExecutionSummary" } },
                "nextCursor": { "type": ["string", "null"], "description": "Pass as cursor for the next page; null on the last page." }
              }
            }
            """,
        ["ExecutionStarted"] = """
            { "type": "object", "required": ["executionId"], "properties": { "executionId": { "type": "string" } } }
            """,
        ["Credential"] = $$"""
            {
              "type": "object",
              "description": "A credential without its secret values: fields names the filled-in fields only.",
              "required": ["id", "name", "type", "projectId", "createdAt", "updatedAt", "fields"],
              "properties": {
                "id": { "type": "string" },
                "name": { "type": "string" },
                "type": { "type": "string" },
                "projectId": { "type": "string" },
                "createdAt": {{Time}},
                "updatedAt": {{Time}},
                "fields": { "type": "array", "items": { "type": "string" } }
              }
            }
            """,
        ["CredentialType"] = """
            {
              "type": "object",
              "required": ["name", "displayName", "properties"],
              "properties": { "name": { "type": "string" }, "displayName": { "type": "string" }, "properties": { "type": "array", "items": { "type": "object" } } }
            }
            """,
        ["OAuth2Start"] = """
            {
              "type": "object",
              "description": "Where to send the user to connect an OAuth2 credential, and the callback the provider returns to.",
              "required": ["authUrl", "redirectUri"],
              "properties": { "authUrl": { "type": "string", "format": "uri" }, "redirectUri": { "type": "string", "format": "uri" } }
            }
            """,
        ["CheckResult"] = """
            { "type": "object", "required": ["ok"], "properties": { "ok": { "type": "boolean" }, "message": { "type": ["string", "null"] } } }
            """,
        ["Project"] = $$"""
            {
              "type": "object",
              "description": "A project and the caller's role in it.",
              "required": ["id", "name", "role", "createdAt"],
              "properties": { "id": { "type": "string" }, "name": { "type": "string" }, "role": {{Role}}, "createdAt": {{Time}} }
            }
            """,
        ["ProjectMember"] = $$"""
            {
              "type": "object",
              "required": ["userId", "email", "name", "role"],
              "properties": { "userId": { "type": "string" }, "email": { "type": "string" }, "name": { "type": "string" }, "role": {{Role}} }
            }
            """,
        ["User"] = $$"""
            { "type": "object", "required": ["id", "email", "name", "isOwner", "createdAt"], "properties": { {{UserProperties}} } }
            """,
        ["Me"] = $$"""
            {
              "type": "object",
              "description": "The signed-in user (or API key) and the projects it can see.",
              "required": ["id", "email", "name", "isOwner", "createdAt", "projects"],
              "properties": {
                {{UserProperties}},
                "projects": {
                  "type": "array",
                  "items": { "type": "object", "required": ["id", "name", "role"], "properties": { "id": { "type": "string" }, "name": { "type": "string" }, "role": {{Role}} } }
                },
                "apiKeyId": { "type": ["string", "null"] }
              }
            }
            """,
        ["AuthStatus"] = """
            {
              "type": "object",
              "required": ["setupRequired", "user"],
              "properties": { "setupRequired": { "type": "boolean" }, "user": { "anyOf": [{ "type": "null" }, { "$ref": "#/components/schemas/User" }] } }
            }
            """,
        ["ApiKey"] = $$"""
            { "type": "object", "required": ["id", "name", "projectId", "role", "createdAt", "prefix"], "properties": { {{ApiKeyProperties}} } }
            """,
        ["CreatedApiKey"] = $$"""
            {
              "type": "object",
              "description": "An API key as created: the only time the key itself is shown.",
              "required": ["id", "name", "projectId", "role", "createdAt", "prefix", "key"],
              "properties": { {{ApiKeyProperties}}, "key": { "type": "string" } }
            }
            """,
        ["AuditEntry"] = $$"""
            {
              "type": "object",
              "required": ["seq", "at", "actor", "action", "hash"],
              "properties": {
                "seq": { "type": "integer" },
                "at": {{Time}},
                "actor": { "type": "string" },
                "action": { "type": "string" },
                "target": {{NullableString}},
                "projectId": {{NullableString}},
                "details": { "type": ["object", "null"] },
                "hash": { "type": "string", "description": "SHA-256 chained over the previous entry." }
              }
            }
            """,
        ["AuditPage"] = """
            {
              "type": "object",
              "required": ["items", "nextCursor"],
              "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/AuditEntry" } }, "nextCursor": { "type": ["string", "null"] } }
            }
            """,
        ["AuditVerification"] = """
            {
              "type": "object",
              "required": ["ok", "checked"],
              "properties": { "ok": { "type": "boolean" }, "checked": { "type": "integer" }, "firstBadSeq": { "type": ["integer", "null"] }, "problem": { "type": ["string", "null"] } }
            }
            """,
        ["NodeType"] = """
            {
              "type": "object",
              "required": ["name", "displayName", "versions"],
              "properties": { "name": { "type": "string" }, "displayName": { "type": "string" }, "versions": { "type": "array", "items": { "type": "number" } } }
            }
            """,
        ["ExpressionPreview"] = """
            { "type": "object", "description": "value on success, error when the expression fails.", "properties": { "value": {}, "error": { "type": "string" } } }
            """,
    };

    /// <summary>The schemas parsed.</summary>
    public static IEnumerable<(string Name, JsonNode Schema)> Parsed() => All.Select(p => (p.Key, JsonNode.Parse(p.Value)!));
}
