using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Flow;

namespace Tessera.Nodes.Triggers;

/// <summary>
/// <c>n8n-nodes-base.scheduleTrigger</c>: the server's scheduler starts the run at each time the rules name (intervals of
/// seconds to months, or cron expressions, in the workflow's time zone); the node emits n8n's item describing the moment
/// (<c>timestamp</c>, <c>Readable date</c>, <c>Day of week</c>, …).
/// </summary>
internal sealed class ScheduleTriggerNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.scheduleTrigger",
        DisplayName = "Schedule Trigger",
        Description = "Triggers the workflow on a given schedule",
        Versions = [1, 1.1, 1.2],
        Group = NodeGroup.Trigger,
        SideEffectFree = true,
        Category = "Core",
        Inputs = static _ => 0,
        Parameters =
        [
            new NodeParameter
            {
                Name = "rule", DisplayName = "Trigger Rules", Type = ParameterType.FixedCollection,
                Default = new JsObject { ["interval"] = new JsArray { new JsObject { ["field"] = "days" } } },
                Description = "interval: [{ field: seconds|minutes|hours|days|weeks|months|cronExpression, …Interval, triggerAtHour, triggerAtMinute, triggerAtDay, triggerAtDayOfMonth, expression }]",
            },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        if (items.Count == 1 && items[0].Json.Count == 0 || items.Count == 0)
        {
            return ValueTask.FromResult(NodeOutput.Single([new Item(ScheduleMoment.Describe(context.Execution.Time.GetUtcNow(), context.Execution.TimeZone))]));
        }

        return ValueTask.FromResult(NodeOutput.Single(FlowItems.RoutedAll(items)));
    }
}

/// <summary>
/// <c>n8n-nodes-base.cron</c> (legacy): fires at the times in <c>triggerTimes.item</c> (every minute/hour/day/week/month,
/// every X minutes or hours, or a custom cron expression); emits one empty item.
/// </summary>
internal sealed class CronNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.cron",
        DisplayName = "Cron",
        Description = "Triggers the workflow at a specific time",
        Versions = [1],
        Group = NodeGroup.Trigger,
        SideEffectFree = true,
        Category = "Core",
        Inputs = static _ => 0,
        Parameters =
        [
            new NodeParameter { Name = "triggerTimes", DisplayName = "Trigger Times", Type = ParameterType.FixedCollection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) => ValueTask.FromResult(TriggerOutput.Of(context));
}

/// <summary><c>n8n-nodes-base.interval</c> (legacy): fires every <c>interval</c> <c>unit</c>s from activation; emits one empty item.</summary>
internal sealed class IntervalNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.interval",
        DisplayName = "Interval",
        Description = "Triggers the workflow in a given interval",
        Versions = [1],
        Group = NodeGroup.Trigger,
        SideEffectFree = true,
        Category = "Core",
        Inputs = static _ => 0,
        Parameters =
        [
            new NodeParameter { Name = "interval", DisplayName = "Interval", Type = ParameterType.Number, Default = 1 },
            new NodeParameter
            {
                Name = "unit", DisplayName = "Unit", Type = ParameterType.Options, Default = "seconds",
                Options = [new("Seconds", "seconds"), new("Minutes", "minutes"), new("Hours", "hours")],
            },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) => ValueTask.FromResult(TriggerOutput.Of(context));
}

/// <summary>
/// <c>n8n-nodes-base.errorTrigger</c>: starts an error workflow. The server runs it when a workflow whose
/// <c>settings.errorWorkflow</c> names this one fails, with n8n's payload
/// <c>{ execution: { id, url, error, lastNodeExecuted, mode }, workflow: { id, name } }</c>. Run by hand, it emits an
/// example of that payload so the nodes after it can be built.
/// </summary>
internal sealed class ErrorTriggerNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.errorTrigger",
        DisplayName = "Error Trigger",
        Description = "Triggers the workflow when another workflow has an error",
        Versions = [1],
        Group = NodeGroup.Trigger,
        SideEffectFree = true,
        Category = "Core",
        Inputs = static _ => 0,
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        if (items.Count == 0 || (items.Count == 1 && items[0].Json.Count == 0))
        {
            return ValueTask.FromResult(NodeOutput.Single([new Item(Example(context.Workflow.Id, context.Workflow.Name))]));
        }

        return ValueTask.FromResult(NodeOutput.Single(FlowItems.RoutedAll(items)));
    }

    private static JsObject Example(string? workflowId, string workflowName) => new()
    {
        ["execution"] = new JsObject
        {
            ["id"] = "231",
            ["url"] = "https://example.com/workflow/1/executions/231",
            ["retryOf"] = "34",
            ["error"] = new JsObject { ["message"] = "Example Error Message", ["stack"] = "Stacktrace" },
            ["lastNodeExecuted"] = "Node With Error",
            ["mode"] = "manual",
        },
        ["workflow"] = new JsObject { ["id"] = workflowId ?? "1", ["name"] = workflowName },
    };
}

/// <summary>The item a Schedule Trigger emits for a firing moment (n8n's shape).</summary>
public static class ScheduleMoment
{
    /// <summary>n8n's description of a firing moment in the workflow's zone.</summary>
    public static JsObject Describe(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var c = CultureInfo.InvariantCulture;
        var offset = local.ToString("zzz", c);
        var hour12 = local.ToString("h:mm:ss", c) + " " + (local.Hour < 12 ? "am" : "pm");
        return new JsObject
        {
            ["timestamp"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", c) + offset,
            ["Readable date"] = $"{local.ToString("MMMM", c)} {Ordinal(local.Day)} {local.ToString("yyyy", c)}, {hour12}",
            ["Readable time"] = hour12,
            ["Day of week"] = local.ToString("dddd", c),
            ["Year"] = local.ToString("yyyy", c),
            ["Month"] = local.ToString("MMMM", c),
            ["Day of month"] = local.ToString("dd", c),
            ["Hour"] = local.ToString("HH", c),
            ["Minute"] = local.ToString("mm", c),
            ["Second"] = local.ToString("ss", c),
            ["Timezone"] = $"{(zone == TimeZoneInfo.Utc ? "UTC" : zone.Id)} (UTC{offset})",
        };
    }

    private static string Ordinal(int day) => day + ((day % 100) is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
