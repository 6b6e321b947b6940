using Tessera.Engine.Nodes;

namespace Tessera.Nodes;

/// <summary>Explicit registration of every built-in node type (no discovery by reflection).</summary>
public static class BuiltInNodes
{
    /// <summary>A registry holding every built-in node type.</summary>
    public static NodeTypeRegistry CreateRegistry(IServiceProvider? services = null)
    {
        var registry = new NodeTypeRegistry();
        AddFlowNodes(registry);
        AddDataNodes(registry);
        AddValueNodes(registry);
        AddCodeNodes(registry, services);
        AddTriggerNodes(registry);
        return registry;
    }

    // Core and flow control (If, Switch, Merge, loops, triggers, sub-workflows, wait).
    private static void AddFlowNodes(NodeTypeRegistry registry)
    {
        registry
            .Add(new Flow.ManualTriggerNode())
            .Add(new Flow.StartNode())
            .Add(new Flow.NoOpNode())
            .Add(new Flow.IfNode())
            .Add(new Flow.SwitchNode())
            .Add(new Flow.FilterNode())
            .Add(new Flow.Merge.MergeNode())
            .Add(new Flow.SplitInBatchesNode())
            .Add(new Flow.StopAndErrorNode())
            .Add(new Flow.WaitNode())
            .Add(new Flow.TestDataNode())
            .Add(new Flow.ExecuteWorkflowTriggerNode())
            .Add(new Flow.SubWorkflows.ExecuteWorkflowNode());
    }

    // Fields and items (Set, Sort, Aggregate, Filter…).
    private static void AddDataNodes(NodeTypeRegistry registry)
    {
        registry
            .Add(new Data.Set.SetNode())
            .Add(new Data.RenameKeys.RenameKeysNode())
            .Add(new Data.SplitOut.SplitOutNode())
            .Add(new Data.Aggregate.AggregateNode())
            .Add(new Data.Summarize.SummarizeNode())
            .Add(new Data.Sort.SortNode())
            .Add(new Data.Limit.LimitNode())
            .Add(new Data.RemoveDuplicates.RemoveDuplicatesNode())
            .Add(new Data.ItemLists.ItemListsNode())
            .Add(new Data.CompareDatasets.CompareDatasetsNode());
    }

    // Values, files and HTTP (Crypto, DateTime, XML, HTTP Request…).
    private static void AddValueNodes(NodeTypeRegistry registry)
    {
        // --- valuenodes: HTTP Request, Crypto, JWT, TOTP ---
        registry.Add(new Http.HttpRequestNode());
        registry.Add(new Values.Crypto.CryptoNode());
        registry.Add(new Values.Jwt.JwtNode());
        registry.Add(new Values.Totp.TotpNode());
        // --- end valuenodes ---

        // --- filenodes: markup, date and file nodes ---
        AddMarkupDateAndFileNodes(registry);
        // --- end filenodes ---
    }

    // --- filenodes: markup, date and file nodes (branch filenodes) ---
    private static void AddMarkupDateAndFileNodes(NodeTypeRegistry registry)
    {
        registry
            .Add(new Values.Html.HtmlNode())
            .Add(new Values.Markdown.MarkdownNode())
            .Add(new Values.Xml.XmlNode())
            .Add(new Values.DateTime.DateTimeNode())
            .Add(new Files.ConvertToFileNode())
            .Add(new Files.ExtractFromFileNode())
            .Add(new Files.SpreadsheetFileNode())
            .Add(new Files.CompressionNode())
            .Add(new Files.ReadWriteFileNode())
            .Add(new Files.ReadWriteFileNode("n8n-nodes-base.readBinaryFile"))
            .Add(new Files.ReadWriteFileNode("n8n-nodes-base.readBinaryFiles"));
    }

    // --- end filenodes ---

    // Webhook, Respond to Webhook, schedules and the error trigger (branch triggers); the server drives them.
    private static void AddTriggerNodes(NodeTypeRegistry registry)
    {
        registry
            .Add(new Triggers.WebhookNode())
            .Add(new Triggers.RespondToWebhookNode())
            .Add(new Triggers.ScheduleTriggerNode())
            .Add(new Triggers.CronNode())
            .Add(new Triggers.IntervalNode())
            .Add(new Triggers.ErrorTriggerNode());
    }

    // Code, Function and FunctionItem (JavaScript runner).
    private static void AddCodeNodes(NodeTypeRegistry registry, IServiceProvider? services)
    {
        // The pool comes from the services when the host registers one; otherwise the process-wide shared pool,
        // created only when a Code node first runs (so workflows without code never start Node.js).
        Func<Engine.JavaScript.JavaScriptRunnerPool> pool = () =>
            services?.GetService(typeof(Engine.JavaScript.JavaScriptRunnerPool)) as Engine.JavaScript.JavaScriptRunnerPool
            ?? Engine.JavaScript.JavaScriptRunnerPool.Shared;
        registry.Add(new Code.CodeNode(pool));
        registry.Add(new Code.FunctionNode(pool));
        registry.Add(new Code.FunctionItemNode(pool));
    }
}
