using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Triggers;
using Tessera.Server.Triggers.Scheduling;
using Tessera.Storage.Executions;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Tests.Triggers;

public sealed class ScheduleTests : IAsyncLifetime
{
    private readonly RestartableServer _servers = new("schedule");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task ScheduleTrigger_MinutesRule_FiresAtTheMinuteWithMomentItem()
    {
        var time = new FakeTimeProvider(At("2024-01-01T00:00:30Z"));
        var server = await StartAsync(time);
        var id = await ActivateAsync(server, Schedule("""{ "rule": { "interval": [ { "field": "minutes", "minutesInterval": 1 } ] } }"""));
        var schedules = server.Services.GetRequiredService<ScheduleService>();
        Assert.Equal(At("2024-01-01T00:01:00Z"), schedules.NextFire(id, "Schedule"));

        await AdvanceToAsync(time, At("2024-01-01T00:01:00Z"));

        var run = (await FinishedAsync(server, id, 1)).Single();
        Assert.Equal("trigger", run.Mode);
        Assert.Equal(ExecutionState.Success, run.Status);
        var items = await TriggerItemsAsync(server, run.Id);
        Assert.Contains("\"timestamp\":\"2024-01-01T00:01:00.000+00:00\"", items, StringComparison.Ordinal);
        Assert.Contains("\"Readable date\":\"January 1st 2024, 12:01:00 am\"", items, StringComparison.Ordinal);
        Assert.Equal(At("2024-01-01T00:02:00Z"), schedules.NextFire(id, "Schedule"));
    }

    [Fact]
    public async Task ScheduleTrigger_DailyAt0230OnSpringForward_SkipsTheMissingDay()
    {
        var time = new FakeTimeProvider(At("2024-03-30T12:00:00Z"));
        var server = await StartAsync(time);

        var id = await ActivateAsync(server, Schedule("""{ "rule": { "interval": [ { "field": "days", "triggerAtHour": 2, "triggerAtMinute": 30 } ] } }""", "Europe/Berlin"));

        Assert.Equal(new DateTimeOffset(2024, 4, 1, 2, 30, 0, TimeSpan.FromHours(2)), server.Services.GetRequiredService<ScheduleService>().NextFire(id, "Schedule"));
    }

    [Fact]
    public async Task ScheduleTrigger_RepeatedHourOnFallBack_FiresOnce()
    {
        var time = new FakeTimeProvider(At("2024-10-26T22:00:00Z"));
        var server = await StartAsync(time);
        var id = await ActivateAsync(server, Schedule("""{ "rule": { "interval": [ { "field": "cronExpression", "expression": "0 30 2 * * *" } ] } }""", "Europe/Berlin"));
        var schedules = server.Services.GetRequiredService<ScheduleService>();
        Assert.Equal(new DateTimeOffset(2024, 10, 27, 2, 30, 0, TimeSpan.FromHours(2)), schedules.NextFire(id, "Schedule"));

        await AdvanceToAsync(time, new DateTimeOffset(2024, 10, 27, 2, 30, 0, TimeSpan.FromHours(2)));
        await FinishedAsync(server, id, 1);
        // Through the second 02:30 (at +01:00) and beyond.
        time.Advance(TimeSpan.FromHours(3));
        await Task.Delay(300);

        Assert.Single(await FinishedAsync(server, id, 1));
        Assert.Equal(new DateTimeOffset(2024, 10, 28, 2, 30, 0, TimeSpan.FromHours(1)), schedules.NextFire(id, "Schedule"));
    }

    [Fact]
    public async Task Restart_AfterFiring_DoesNotFireTheSameTimeAgainNorCatchUp()
    {
        var time = new FakeTimeProvider(At("2024-05-01T10:00:00Z"));
        var server = await StartAsync(time);
        var id = await ActivateAsync(server, Schedule("""{ "rule": { "interval": [ { "field": "cronExpression", "expression": "*/5 * * * *" } ] } }"""));
        await AdvanceToAsync(time, At("2024-05-01T10:05:00Z"));
        await FinishedAsync(server, id, 1);
        await StopAsync();

        // Same instant as the firing: the stored last firing keeps it from running twice.
        var again = await StartAsync(new FakeTimeProvider(At("2024-05-01T10:05:00Z")));
        Assert.Equal(At("2024-05-01T10:10:00Z"), again.Services.GetRequiredService<ScheduleService>().NextFire(id, "Schedule"));
        await StopAsync();

        // Down through 10:10 and 10:15: neither is caught up; the next is 10:20.
        var later = new FakeTimeProvider(At("2024-05-01T10:17:00Z"));
        var third = await StartAsync(later);
        Assert.Equal(At("2024-05-01T10:20:00Z"), third.Services.GetRequiredService<ScheduleService>().NextFire(id, "Schedule"));
        await Task.Delay(300);
        Assert.Single(await FinishedAsync(third, id, 1));
    }

    [Fact]
    public async Task EveryTwoDays_AcrossRestart_CountsFromTheStoredLastFiring()
    {
        var time = new FakeTimeProvider(At("2024-05-01T08:00:00Z"));
        var server = await StartAsync(time);
        var id = await ActivateAsync(server, Schedule("""{ "rule": { "interval": [ { "field": "days", "daysInterval": 2, "triggerAtHour": 9 } ] } }"""));
        await AdvanceToAsync(time, At("2024-05-01T09:00:00Z"));
        await FinishedAsync(server, id, 1);
        await StopAsync();

        var restarted = await StartAsync(new FakeTimeProvider(At("2024-05-02T08:00:00Z")));

        Assert.Equal(At("2024-05-03T09:00:00Z"), restarted.Services.GetRequiredService<ScheduleService>().NextFire(id, "Schedule"));
    }

    [Fact]
    public async Task LegacyCronAndInterval_ComputeTheirNextFiring()
    {
        var time = new FakeTimeProvider(At("2024-05-01T08:00:00Z"));
        var server = await StartAsync(time);
        var cronId = await ActivateAsync(server, """
            { "name": "c", "nodes": [ { "name": "Schedule", "type": "n8n-nodes-base.cron", "typeVersion": 1, "position": [0,0],
              "parameters": { "triggerTimes": { "item": [ { "mode": "everyWeek", "hour": 9, "minute": 15, "weekday": "5" } ] } } } ], "connections": {} }
            """);
        var intervalId = await ActivateAsync(server, """
            { "name": "i", "nodes": [ { "name": "Schedule", "type": "n8n-nodes-base.interval", "typeVersion": 1, "position": [0,0],
              "parameters": { "interval": 90, "unit": "minutes" } } ], "connections": {} }
            """);
        var schedules = server.Services.GetRequiredService<ScheduleService>();

        Assert.Equal(At("2024-05-03T09:15:00Z"), schedules.NextFire(cronId, "Schedule"));
        Assert.Equal(At("2024-05-01T09:30:00Z"), schedules.NextFire(intervalId, "Schedule"));
    }

    [Fact]
    public async Task Activate_BadCronExpression_FailsNamingTheNode()
    {
        var server = await StartAsync(new FakeTimeProvider(At("2024-05-01T08:00:00Z")));

        var e = await Assert.ThrowsAsync<TriggerActivationException>(() =>
            ActivateAsync(server, Schedule("""{ "rule": { "interval": [ { "field": "cronExpression", "expression": "61 * * * *" } ] } }""")));

        Assert.Contains("\"Schedule\"", e.Problems.Single(), StringComparison.Ordinal);
        Assert.Contains("minute", e.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivate_StopsTheSchedule()
    {
        var time = new FakeTimeProvider(At("2024-05-01T08:00:30Z"));
        var server = await StartAsync(time);
        var id = await ActivateAsync(server, Schedule("""{ "rule": { "interval": [ { "field": "seconds", "secondsInterval": 10 } ] } }"""));

        await server.Services.GetRequiredService<TriggerManager>().DeactivateAsync(id);
        time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(200);

        Assert.Null(server.Services.GetRequiredService<ScheduleService>().NextFire(id, "Schedule"));
        Assert.Empty((await server.Storage.Executions.ListAsync(new ExecutionQuery { WorkflowId = id }, CancellationToken.None)).Items);
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static string Schedule(string parameters, string? zone = null) => $$"""
        { "name": "scheduled", "settings": { {{(zone is null ? "" : $"\"timezone\": \"{zone}\"")}} },
          "nodes": [ { "name": "Schedule", "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2, "position": [0,0], "parameters": {{parameters}} } ],
          "connections": {} }
        """;

    private Task<TesseraServer> StartAsync(FakeTimeProvider time) => _servers.StartAsync(o => o.Time = time);

    private Task StopAsync() => _servers.StopAsync();

    private static async Task<string> ActivateAsync(TesseraServer server, string json)
    {
        var stored = await server.Storage.Workflows.CreateAsync(new WorkflowDraft { Name = "s", Json = json, Active = true }, CancellationToken.None);
        await server.Services.GetRequiredService<TriggerManager>().ActivateAsync(stored);
        return stored.Id;
    }

    private static async Task AdvanceToAsync(FakeTimeProvider time, DateTimeOffset target)
    {
        // Wait until the scheduler's loop sleeps until the target, so the jump wakes it exactly then.
        var deadline = Environment.TickCount64 + 10_000;
        while (!time.HasTimerDueAt(target) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        time.Advance(target - time.GetUtcNow());
    }

    private static async Task<IReadOnlyList<ExecutionSummary>> FinishedAsync(TesseraServer server, string workflowId, int count)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            var items = (await server.Storage.Executions.ListAsync(new ExecutionQuery { WorkflowId = workflowId }, CancellationToken.None)).Items;
            if (items.Count(e => e.Status != ExecutionState.Running) >= count || Environment.TickCount64 > deadline)
            {
                return items;
            }

            await Task.Delay(20);
        }
    }

    private static async Task<string> TriggerItemsAsync(TesseraServer server, string executionId)
    {
        await foreach (var e in server.Storage.Executions.ReadAsync(executionId, CancellationToken.None))
        {
            if (e is Tessera.Engine.Journal.ExecutionCreated created)
            {
                return created.TriggerItemsJson ?? string.Empty;
            }
        }

        return string.Empty;
    }
}
