using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Storage.Executions;
using Tessera.Storage.Workflows;
using static Tessera.Server.Tests.Triggers.Workflows;

namespace Tessera.Server.Tests.Triggers;

/// <summary>
/// A webhook that answers "immediately" promises the request is not lost: the answer waits for the run's start to be
/// stored. The fixture keeps side-effect-free nodes' completions out of the store until the run commits on its own
/// account, so only a start committed at once can put the execution in the store before the answer.
/// </summary>
public sealed class WebhookStartTests(WebhookStartTests.Fixture fixture) : IClassFixture<WebhookStartTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override void Configure(ServerOptions options) => options.Storage.PipelinedCommitDelay = TimeSpan.FromSeconds(30);
    }

    [Fact]
    public async Task OnReceived_SlowRun_AnswersOnlyOnceTheExecutionIsStored()
    {
        // Arrange: Webhook → a side-effect-free Code node that runs ~4 s (long enough that even a slow machine lists the
        // execution before it ends).
        var path = "p" + Guid.NewGuid().ToString("n")[..10];
        var json = Webhook(
            $$"""{ "httpMethod": "POST", "path": "{{path}}" }""",
            """, { "name": "Slow", "type": "n8n-nodes-base.code", "typeVersion": 2, "position": [200, 0], "parameters": { "jsCode": "const end = Date.now() + 4000; while (Date.now() < end) {} return $input.all();" } }""",
            Link("Webhook", "Slow"));
        var stored = await fixture.Server.Storage.Workflows.CreateAsync(new WorkflowDraft { Name = "slow", Json = json, Active = true }, CancellationToken.None);
        await fixture.Server.Services.GetRequiredService<Tessera.Server.Triggers.TriggerManager>().ActivateAsync(stored);

        // Act
        using var response = await fixture.Client.PostAsync($"webhook/{path}", new StringContent("""{ "a": 1 }""", Encoding.UTF8, "application/json"));
        var page = await fixture.Server.Storage.Executions.ListAsync(new ExecutionQuery { WorkflowId = stored.Id, Limit = 10 }, CancellationToken.None);

        // Assert: answered before the run ended, yet the request is already in the store (a crash now loses nothing).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExecutionState.Running, Assert.Single(page.Items).Status);
    }
}
