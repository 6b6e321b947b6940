using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tessera.Engine.Execution;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Api;

/// <summary><c>POST /workflows/validate</c> and <c>POST /workflows/import</c> (n8n JSON, one workflow or an array).</summary>
internal static class WorkflowImport
{
    public static IResult Validate(JsonNode? body, WorkflowEngine engine)
    {
        var parsed = WorkflowDocument.Parse(body);
        var problems = parsed.Errors.ToList();
        if (parsed.Workflow is { } workflow)
        {
            problems.AddRange(engine.Validate(workflow).Select(p => new FieldError(p.Location, p.Message)));
        }

        return Results.Ok(new ValidationResponse(problems.Count == 0, problems));
    }

    public static async Task<IResult> ImportAsync(JsonNode? body, string? projectId, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var (target, denied) = await WorkflowEndpoints.TargetProjectAsync(projectId, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        var documents = body is JsonArray array ? array.ToList() : [body];
        if (documents.Count == 0)
        {
            return ProblemResults.ValidationFailed("$", "The array is empty; send one workflow or a non-empty array of workflows.");
        }

        // All or nothing: check every workflow before saving any.
        var parsed = documents.Select((d, i) => (Doc: d, Parsed: WorkflowDocument.Parse(d, body is JsonArray ? $"[{i}]." : string.Empty))).ToList();
        var errors = parsed.SelectMany(p => p.Parsed.Errors).ToList();
        if (errors.Count > 0)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var created = new List<JsonObject>();
        foreach (var (doc, item) in parsed)
        {
            // Keep the exported id when it is free, so links between workflows (Execute Workflow) survive the move.
            var id = doc?["id"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length is > 0 and <= 64 && await storage.Workflows.GetAsync(s, ct) is null ? s : null;
            var stored = await storage.Workflows.CreateAsync(item.Draft(target, active: false, id: id), ct);
            await storage.RecordAsync(caller, AuditActions.WorkflowImported, stored.Id, stored.ProjectId, new { name = stored.Name, versionId = stored.VersionId });
            created.Add(WorkflowDocument.ToResponse(stored));
        }

        return Results.Created("/api/v1/workflows", created);
    }

    private sealed record ValidationResponse(bool Valid, IReadOnlyList<FieldError> Problems);
}
