using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;
using Tessera.Server.Triggers;
using Tessera.Storage.Executions;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Tests.Triggers;

/// <summary>A real server with an in-memory credential provider and a small request-body limit.</summary>
public sealed class WebhookFixture : ServerFixture
{
    public const long BodyLimit = 256 * 1024;

    public Dictionary<string, JsObject> Credentials { get; } = new(StringComparer.Ordinal)
    {
        ["httpBasicAuth"] = new JsObject { ["user"] = "ada", ["password"] = "s3cret" },
        ["httpHeaderAuth"] = new JsObject { ["name"] = "X-Api-Token", ["value"] = "tok-123" },
        ["jwtAuth"] = new JsObject { ["keyType"] = "passphrase", ["secret"] = "jwt-secret", ["algorithm"] = "HS256" },
    };

    protected override void Configure(ServerOptions options)
    {
        options.MaxRequestBodyBytes = BodyLimit;
        options.Queue = new Tessera.Server.Execution.ExecutionQueueOptions { MaxConcurrency = 8, MaxQueued = 100 };
        options.ConfigureServices = services => services.AddSingleton<ICredentialProvider>(new StaticCredentials(this));
    }

    public TriggerManager Triggers => Server.Services.GetRequiredService<TriggerManager>();

    /// <summary>Saves and activates a workflow; returns its id.</summary>
    public async Task<string> ActivateAsync(string json, string? projectId = null)
    {
        var workflow = WorkflowJson.Parse(json);
        var stored = await Server.Storage.Workflows.CreateAsync(new WorkflowDraft { Name = workflow.Name, Json = json, Active = true, ProjectId = projectId }, CancellationToken.None);
        await Triggers.ActivateAsync(stored);
        return stored.Id;
    }

    /// <summary>The workflow's executions once <paramref name="count"/> have finished (or the timeout passes).</summary>
    public async Task<IReadOnlyList<ExecutionSummary>> ExecutionsAsync(string workflowId, int count = 1, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var page = await Server.Storage.Executions.ListAsync(new ExecutionQuery { WorkflowId = workflowId, Limit = 100 }, CancellationToken.None);
            var finished = page.Items.Where(e => e.Status is not ExecutionState.Running).ToList();
            if (finished.Count >= count || Environment.TickCount64 > deadline)
            {
                return page.Items;
            }

            await Task.Delay(50);
        }
    }

    private sealed class StaticCredentials(WebhookFixture owner) : ICredentialProvider
    {
        public ValueTask<JsObject?> GetAsync(WorkflowNode node, string credentialType, CancellationToken cancellationToken) =>
            ValueTask.FromResult(node.Credentials?[credentialType].IsUndefined == false && owner.Credentials.TryGetValue(credentialType, out var c) ? c : null);
    }
}
