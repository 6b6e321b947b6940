using Tessera.Cli.Conformance;

namespace Tessera.Cli.Tests.Conformance;

/// <summary>
/// A fixture whose run parks on a timed wait is run through the durable service with its timers fired on a clock
/// moved forward: the nodes after the wait run, see the time advanced by the wait, and are compared with pinData.
/// </summary>
public sealed class ConformanceTimedWaitTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tessera-conf-wait-" + Guid.NewGuid().ToString("N"));

    public ConformanceTimedWaitTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Start → Before (records the time) → Wait (webhook call, limited to SECONDS s) → Check (elapsed ≥ SECONDS s?).
    private const string Fixture = """
        {
          "name": "timed wait",
          "nodes": [
            { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
            { "name": "Before", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [200, 0],
              "parameters": { "assignments": { "assignments": [ { "id": "b", "name": "t", "value": "={{ $now.toMillis() }}", "type": "number" } ] }, "options": {} } },
            { "name": "Wait", "type": "n8n-nodes-base.wait", "typeVersion": 1.1, "position": [400, 0], "webhookId": "w-1",
              "parameters": { "resume": "webhook", "limitWaitTime": true, "resumeAmount": SECONDS, "resumeUnit": "seconds", "options": {} } },
            { "name": "Check", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [600, 0],
              "parameters": { "assignments": { "assignments": [ { "id": "c", "name": "waitedLongEnough", "value": "={{ $now.toMillis() - $('Before').item.json.t >= SECONDS * 1000 }}", "type": "boolean" } ] }, "options": {} } }
          ],
          "connections": {
            "Start": { "main": [ [ { "node": "Before", "type": "main", "index": 0 } ] ] },
            "Before": { "main": [ [ { "node": "Wait", "type": "main", "index": 0 } ] ] },
            "Wait": { "main": [ [ { "node": "Check", "type": "main", "index": 0 } ] ] }
          },
          "settings": { "executionOrder": "v1" },
          "pinData": { "Check": [ { "json": { "waitedLongEnough": true } } ] }
        }
        """;

    [Fact]
    public async Task RunFixtureAsync_WebhookWaitWithTimeLimit_ResumesWhenTheLimitPassesWithoutWaitingItOut()
    {
        // Arrange: an hour-long limit, so only a moved clock can get past it within the test.
        var file = Path.Combine(_root, "wait.json");
        await File.WriteAllTextAsync(file, Fixture.Replace("SECONDS", "3600", StringComparison.Ordinal));
        var started = DateTimeOffset.UtcNow;

        // Act
        var result = await new ConformanceRunner().RunFixtureAsync(_root, file, CancellationToken.None);

        // Assert
        Assert.True(result.Outcome == ConformanceOutcome.Passed, result.Detail);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromMinutes(1));
    }
}
