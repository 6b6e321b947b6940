using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Triggers;
using Tessera.Storage.Identity;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Tests.Operations;

/// <summary>/metrics and /readyz on a real server with a user per role.</summary>
public sealed class MetricsEndpointTests(TestUsers users) : IClassFixture<TestUsers>
{
    [Fact]
    public async Task Metrics_Anonymous_Gets401()
    {
        await users.Anonymous.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "GET", "metrics");
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("viewer")]
    public async Task Metrics_NonAdminMember_Gets403(string who)
    {
        await users.As(who).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden", "GET", "metrics");
    }

    [Fact]
    public async Task Metrics_AdminApiKeyAsBearerToken_GetsPrometheusText()
    {
        var created = await users.Member(ProjectRole.Admin).ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "scraper", projectId = users.TeamId, role = "admin" });
        using var scraper = new HttpClient { BaseAddress = users.Server.BaseAddress };
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)created!["key"]!);

        using var response = await scraper.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE tessera_queue_depth gauge\ntessera_queue_depth 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE tessera_executions_running gauge\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterRuns_CountsStartsAndEndsByWorkflowIdAndNodeDurationsByType()
    {
        var ok = (await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Manual("Metered"))).Id();
        var failing = (await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Failing())).Id();

        await users.Owner.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{ok}/run", new { wait = true });
        await users.Owner.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{ok}/run", new { wait = true });
        await users.Owner.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{failing}/run", new { wait = true });
        var text = await ScrapeAsync(users.Owner);

        Assert.Equal(2, Sample(text, $"tessera_executions_started_total{{mode=\"manual\",workflow_id=\"{ok}\"}}"));
        Assert.Equal(2, Sample(text, $"tessera_executions_finished_total{{status=\"success\",workflow_id=\"{ok}\"}}"));
        Assert.Equal(1, Sample(text, $"tessera_executions_finished_total{{status=\"error\",workflow_id=\"{failing}\"}}"));
        Assert.True(Sample(text, "tessera_node_duration_seconds_count{node_type=\"n8n-nodes-base.set\"}") >= 2);
        Assert.True(Sample(text, "tessera_node_duration_seconds_bucket{node_type=\"n8n-nodes-base.set\",le=\"+Inf\"}") >= 2);
        Assert.Contains("# TYPE tessera_node_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Metered", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterWebhookCalls_RecordsLatencyByMethodAndStatus()
    {
        var path = "metrics-" + Guid.NewGuid().ToString("n")[..8];
        var json = Triggers.Workflows.Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}" }""");
        var stored = await users.Server.Storage.Workflows.CreateAsync(new WorkflowDraft { Name = "Hook", Json = json, Active = true, ProjectId = users.TeamId }, default);
        await users.Server.Services.GetRequiredService<TriggerManager>().ActivateAsync(stored);
        var before = Sample(await ScrapeAsync(users.Owner), "tessera_webhook_duration_seconds_count{method=\"POST\",status=\"200\"}");

        using (var hit = await users.Anonymous.PostAsync($"webhook/{path}", Http.Json(new { a = 1 })))
        {
            Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        }

        using (var miss = await users.Anonymous.GetAsync("webhook/no-such-hook-" + path))
        {
            Assert.Equal(HttpStatusCode.NotFound, miss.StatusCode);
        }

        // The latency is recorded as the response completes, which the client may see first; the execution the
        // webhook started is counted once it runs: both are polled for.
        var posted = "tessera_webhook_duration_seconds_count{method=\"POST\",status=\"200\"}";
        var missed = "tessera_webhook_duration_seconds_count{method=\"GET\",status=\"404\"}";
        var started = $"tessera_executions_finished_total{{status=\"success\",workflow_id=\"{stored.Id}\"}}";
        var text = await ScrapeAsync(users.Owner);
        var deadline = Environment.TickCount64 + 10_000;
        while ((Sample(text, started) == 0 || Sample(text, posted) < before + 1 || Sample(text, missed) < 1) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(25);
            text = await ScrapeAsync(users.Owner);
        }

        Assert.Equal(before + 1, Sample(text, posted));
        Assert.True(Sample(text, missed) >= 1);

        Assert.Equal(1, Sample(text, started));
        Assert.Equal(1, Sample(text, $"tessera_executions_started_total{{mode=\"webhook\",workflow_id=\"{stored.Id}\"}}"));
    }

    [Fact]
    public async Task Readyz_AfterStart_Is200WithoutCredentials()
    {
        var deadline = Environment.TickCount64 + 10_000;
        HttpResponseMessage response;
        while ((response = await users.Anonymous.GetAsync("readyz")).StatusCode != HttpStatusCode.OK && Environment.TickCount64 < deadline)
        {
            await Task.Delay(25);
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"ready\"", body, StringComparison.Ordinal);
        Assert.Contains("\"triggers\":true", body, StringComparison.Ordinal);
        Assert.Contains("\"resume\":true", body, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of one sample line (0 when absent).</summary>
    private static double Sample(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

/// <summary><c>TESSERA_METRICS_PUBLIC</c> (here the option) lets scrapers in without credentials.</summary>
public sealed class PublicMetricsTests : IAsyncLifetime
{
    private readonly PublicFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Metrics_PublicOption_AnonymousGetsPrometheusText()
    {
        using var response = await _fixture.Client.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("tessera_queue_depth 0\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class PublicFixture : ServerFixture
    {
        protected override void Configure(ServerOptions options) => options.MetricsPublic = true;
    }
}
