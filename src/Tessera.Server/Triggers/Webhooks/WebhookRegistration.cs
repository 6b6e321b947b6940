using Tessera.Engine.Workflows;

namespace Tessera.Server.Triggers.Webhooks;

/// <summary>One Webhook node of a workflow, listening at a path for some methods.</summary>
internal sealed record WebhookRegistration(
    string WorkflowId,
    string? ProjectId,
    Workflow Workflow,
    WorkflowNode Node,
    WebhookPath Path,
    IReadOnlyList<string> Methods);

/// <summary>What a request path and method found.</summary>
internal readonly record struct WebhookMatch(WebhookRegistration? Registration, Dictionary<string, string> Parameters, IReadOnlyList<string> AllowedMethods);
