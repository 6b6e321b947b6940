using Tessera.Engine.Journal;
using Tessera.Storage.Tests.Infrastructure;
using Tessera.Storage.Waits;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The wait (timer table) contract every backend must meet.</summary>
public abstract class WaitStoreCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private IWaitStore Store => Storage.Waits;

    private async Task ParkAsync(string id, TimeSpan? wakeIn, string? token = null)
    {
        await Storage.Executions.CreateAsync(new ExecutionCreated { ExecutionId = id, Timestamp = Time.GetUtcNow(), WorkflowJson = "{}", Mode = "trigger", WorkflowId = "wf" }, Ct);
        await Storage.Executions.AppendAsync(id, 1, [new ExecutionWaiting
        {
            ExecutionId = id,
            Timestamp = Time.GetUtcNow(),
            Node = "Wait",
            Kind = token is null ? "timer" : "webhook",
            Until = wakeIn is { } w ? Time.GetUtcNow() + w : null,
            DetailsJson = token is null ? null : $$"""{"resumeToken":"{{token}}"}""",
        }], Ct);
    }

    [StoreFact]
    public async Task ClaimDueAsync_MixedTimers_ClaimsOnlyDueOnesInWakeOrder()
    {
        await ParkAsync("later", TimeSpan.FromMinutes(10));
        await ParkAsync("soon", TimeSpan.FromSeconds(20));
        await ParkAsync("sooner", TimeSpan.FromSeconds(10));
        await ParkAsync("untimed", null, "tok");
        Time.Advance(TimeSpan.FromMinutes(1));

        var claimed = await Store.ClaimDueAsync("poller-1", 10, TimeSpan.FromMinutes(1), Ct);

        Assert.Equal(["sooner", "soon"], claimed.Select(c => c.ExecutionId));
        Assert.All(claimed, c => Assert.Equal("poller-1", c.ClaimedBy));
        Assert.All(claimed, c => Assert.Equal(Time.GetUtcNow().AddMinutes(1), c.ClaimedUntil));
    }

    [StoreFact]
    public async Task ClaimDueAsync_ClaimedRow_NotReclaimedUntilLeaseExpires()
    {
        await ParkAsync("e1", TimeSpan.Zero);

        var first = await Store.ClaimDueAsync("a", 10, TimeSpan.FromSeconds(30), Ct);
        var second = await Store.ClaimDueAsync("b", 10, TimeSpan.FromSeconds(30), Ct);
        Time.Advance(TimeSpan.FromSeconds(31));
        var third = await Store.ClaimDueAsync("b", 10, TimeSpan.FromSeconds(30), Ct);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal("b", Assert.Single(third).ClaimedBy);
    }

    [StoreFact]
    public async Task ClaimDueAsync_ConcurrentPollers_NeverClaimTheSameExecution()
    {
        const int count = 40;
        for (var i = 0; i < count; i++)
        {
            await ParkAsync($"e{i:00}", TimeSpan.Zero);
        }

        await using var other = await OpenAgainAsync();
        var stores = new[] { Store, other.Waits, Store, other.Waits };

        async Task<List<string>> Poll(IWaitStore store, int poller)
        {
            var mine = new List<string>();
            while (true)
            {
                var batch = await store.ClaimDueAsync($"p{poller}", 3, TimeSpan.FromMinutes(5), Ct);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(b => b.ExecutionId));
            }
        }

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => Poll(s, i))));
        var all = results.SelectMany(r => r).ToList();

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Distinct().Count());
    }

    [StoreFact]
    public async Task FindByResumeTokenAsync_ParkedWebhookWait_ReturnsIt()
    {
        await ParkAsync("e1", null, "secret-token");

        var found = await Store.FindByResumeTokenAsync("secret-token", Ct);

        Assert.Equal("e1", found!.ExecutionId);
        Assert.Equal("webhook", found.Kind);
        Assert.Equal("Wait", found.Node);
        Assert.Null(found.WakeAt);
        Assert.Null(await Store.FindByResumeTokenAsync("other", Ct));
    }

    [StoreFact]
    public async Task RemoveAsync_TwoResumers_OnlyOneWins()
    {
        await ParkAsync("e1", null, "t");

        var first = await Store.RemoveAsync("e1", Ct);
        var second = await Store.RemoveAsync("e1", Ct);

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await Store.FindByResumeTokenAsync("t", Ct));
    }

    [StoreFact]
    public async Task ParkAsync_Explicit_ReplacesWaitAndClearsClaim()
    {
        await ParkAsync("e1", TimeSpan.Zero);
        await Store.ClaimDueAsync("a", 1, TimeSpan.FromMinutes(5), Ct);

        await Store.ParkAsync(new WaitRegistration { ExecutionId = "e1", Node = "Wait", Kind = "timer", WakeAt = Time.GetUtcNow(), DetailsJson = "{}" }, Ct);
        var reclaimed = await Store.ClaimDueAsync("b", 1, TimeSpan.FromMinutes(5), Ct);

        Assert.Equal("b", Assert.Single(reclaimed).ClaimedBy);
    }

    [StoreFact]
    public async Task ParkAsync_UnknownExecution_ThrowsInvalidOperation()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ParkAsync(new WaitRegistration { ExecutionId = "ghost", Node = "W", Kind = "timer" }, Ct));

        Assert.Contains("ghost", ex.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task ParkAsync_DuplicateResumeToken_ThrowsInvalidOperation()
    {
        await ParkAsync("e1", null, "dup");
        await Storage.Executions.CreateAsync(new ExecutionCreated { ExecutionId = "e2", WorkflowJson = "{}", Mode = "manual" }, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ParkAsync(new WaitRegistration { ExecutionId = "e2", Node = "W", Kind = "webhook", ResumeToken = "dup" }, Ct));
    }
}
