namespace Tessera.Server.Tests.Infrastructure;

/// <summary>Workflow JSON for API tests.</summary>
internal static class Samples
{
    /// <summary>Manual trigger → Set (x = 1): runs anywhere, no network.</summary>
    public static object Manual(string name = "Manual", string[]? tags = null) => new
    {
        name,
        tags = tags ?? [],
        nodes = new object[]
        {
            new { id = "n1", name = "Start", type = "n8n-nodes-base.manualTrigger", typeVersion = 1, position = new[] { 0, 0 }, parameters = new { } },
            new
            {
                id = "n2", name = "Set", type = "n8n-nodes-base.set", typeVersion = 3.4, position = new[] { 200, 0 },
                parameters = new { mode = "manual", assignments = new { assignments = new[] { new { id = "a", name = "x", value = "={{ 1 + 1 }}", type = "number" } } }, options = new { } },
            },
        },
        connections = new Dictionary<string, object>
        {
            ["Start"] = new { main = new[] { new[] { new { node = "Set", type = "main", index = 0 } } } },
        },
        settings = new { executionOrder = "v1" },
    };

    /// <summary>Start → (second node) with the given type and parameters.</summary>
    public static object Then(string name, string type, double version, object parameters) => new
    {
        name,
        nodes = new object[]
        {
            new { id = "n1", name = "Start", type = "n8n-nodes-base.manualTrigger", typeVersion = 1, position = new[] { 0, 0 }, parameters = new { } },
            new { id = "n2", name = "Second", type, typeVersion = version, position = new[] { 200, 0 }, parameters, webhookId = "wh-" + Guid.NewGuid().ToString("n") },
        },
        connections = new Dictionary<string, object>
        {
            ["Start"] = new { main = new[] { new[] { new { node = "Second", type = "main", index = 0 } } } },
        },
        settings = new { executionOrder = "v1" },
    };

    /// <summary>Waits 30 seconds in process (cancel tests).</summary>
    public static object Slow() => Then("Slow", "n8n-nodes-base.wait", 1.1, new { resume = "timeInterval", amount = 30, unit = "seconds" });

    /// <summary>Parks until a webhook call (waiting executions).</summary>
    public static object Parked() => Then("Parked", "n8n-nodes-base.wait", 1.1, new { resume = "webhook" });

    /// <summary>Fails at the second node.</summary>
    public static object Failing() => Then("Failing", "n8n-nodes-base.stopAndError", 1, new { errorMessage = "boom" });
}
