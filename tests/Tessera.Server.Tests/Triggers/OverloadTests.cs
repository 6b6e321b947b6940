using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Execution;
using static Tessera.Server.Tests.Triggers.Workflows;

namespace Tessera.Server.Tests.Triggers;

/// <summary>A server with a tiny queue: 2 slots, 1 waiting place, 1 running and 1 waiting execution per workflow.</summary>
public sealed class TinyQueueFixture : ServerFixture
{
    protected override void Configure(ServerOptions options) =>
        options.Queue = new ExecutionQueueOptions { MaxConcurrency = 2, MaxQueued = 1, MaxConcurrencyPerWorkflow = 1, MaxQueuedPerWorkflow = 1 };
}

public sealed class OverloadTests(TinyQueueFixture fixture) : IClassFixture<TinyQueueFixture>
{
    [Fact]
    public async Task Webhook_OverCapacity_Gets503Or429WithRetryAfter_AndNoExecution()
    {
        var queue = fixture.Server.Services.GetRequiredService<ExecutionQueue>();
        var triggers = fixture.Server.Services.GetRequiredService<Tessera.Server.Triggers.TriggerManager>();
        var busy = await CreateAsync(triggers, "busy");
        var other = await CreateAsync(triggers, "other");

        // Occupy: 'busy' holds its one slot and its one waiting place; 'x' takes the second slot.
        using var running = await queue.EnterAsync(null, busy.Id);
        using var second = await queue.EnterAsync(null, "x");
        using var cancel = new CancellationTokenSource();
        var waiting = queue.EnterAsync(null, busy.Id, cancel.Token).AsTask();

        using var perWorkflow = await fixture.Client.GetAsync("webhook/busy");
        using var global = await fixture.Client.GetAsync("webhook/other");

        Assert.Equal(HttpStatusCode.TooManyRequests, perWorkflow.StatusCode);
        Assert.True(perWorkflow.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, global.StatusCode);
        Assert.True(global.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("over-capacity", await global.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await fixture.Server.Storage.Executions.ListAsync(new Tessera.Storage.Executions.ExecutionQuery { WorkflowId = other.Id }, CancellationToken.None)).Items);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    private async Task<Tessera.Storage.Workflows.StoredWorkflow> CreateAsync(Tessera.Server.Triggers.TriggerManager triggers, string path)
    {
        var stored = await fixture.Server.Storage.Workflows.CreateAsync(new Tessera.Storage.Workflows.WorkflowDraft { Name = path, Json = Webhook($$"""{ "path": "{{path}}" }"""), Active = true }, CancellationToken.None);
        await triggers.ActivateAsync(stored);
        return stored;
    }
}
