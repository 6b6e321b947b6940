using Tessera.Engine.Workflows;

namespace Tessera.Storage.Tests.Durable;

/// <summary>Small n8n workflows built in code: a trigger, then a chain of nodes.</summary>
internal static class TestWorkflows
{
    public const string Trigger = "Start";

    /// <summary>A Set node that adds one to <c>n</c> (starting from 0) and appends its own name to <c>path</c>.</summary>
    public static string SetNode(string name) =>
        """{"name":"NAME","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[0,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"n","value":"={{ ($json.n ?? 0) + 1 }}","type":"number"},{"id":"b","name":"path","value":"={{ ($json.path ?? '') + '/NAME' }}","type":"string"}]},"includeOtherFields":true,"options":{}}}"""
            .Replace("NAME", name, StringComparison.Ordinal);

    public static string WaitNode(string name, string parameters) =>
        """{"name":"NAME","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[0,0],"webhookId":"w-NAME","parameters":PARAMS}"""
            .Replace("NAME", name, StringComparison.Ordinal).Replace("PARAMS", parameters, StringComparison.Ordinal);

    public static string ResumeUrlNode(string name) =>
        """{"name":"NAME","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[0,0],"parameters":{"assignments":{"assignments":[{"id":"u","name":"url","value":"={{ $execution.resumeUrl }}","type":"string"}]},"includeOtherFields":true,"options":{}}}"""
            .Replace("NAME", name, StringComparison.Ordinal);

    /// <summary>Trigger → nodes in order.</summary>
    public static Workflow Chain(IReadOnlyList<string> nodesJson, string? settings = null) => WorkflowJson.Parse(ChainJson(nodesJson, settings));

    public static string ChainJson(IReadOnlyList<string> nodesJson, string? settings = null)
    {
        var names = new List<string> { Trigger };
        var nodes = new List<string> { """{"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}}""" };
        foreach (var node in nodesJson)
        {
            nodes.Add(node);
            names.Add(WorkflowJson.Parse("{\"nodes\":[" + node + "],\"connections\":{}}").Nodes[0].Name);
        }

        var connections = names.Zip(names.Skip(1)).Select(p => "\"" + p.First + "\":{\"main\":[[{\"node\":\"" + p.Second + "\",\"type\":\"main\",\"index\":0}]]}");
        return "{\"name\":\"chain\",\"nodes\":[" + string.Join(",", nodes) + "],\"connections\":{" + string.Join(",", connections) + "},\"settings\":"
            + (settings ?? "{\"executionOrder\":\"v1\"}") + "}";
    }

    public static Workflow Sets(int count, string? settings = null) =>
        Chain([.. Enumerable.Range(1, count).Select(i => SetNode($"S{i}"))], settings);
}
