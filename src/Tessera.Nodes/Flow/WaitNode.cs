using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Shared.Conditions;

namespace Tessera.Nodes.Flow;

/// <summary>
/// <c>n8n-nodes-base.wait</c>: pauses, then passes its items on. Short waits (under 65 seconds, like n8n) happen in process
/// on the execution's <see cref="TimeProvider"/>; longer waits, specific times further out and webhook/form resumes
/// return a <see cref="WaitRequest"/> so the engine parks the execution.
/// </summary>
internal sealed class WaitNode : INodeType
{
    private static readonly TimeSpan InProcessLimit = TimeSpan.FromSeconds(65);

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.wait",
        DisplayName = "Wait",
        Description = "Wait before continuing with execution",
        Versions = [1, 1.1],
        Group = NodeGroup.Flow,
        Category = "Flow",
        Parameters =
        [
            new NodeParameter { Name = "resume", Type = ParameterType.Options, Default = "timeInterval" },
            new NodeParameter { Name = "amount", Type = ParameterType.Number, Default = 1, Versions = [1] },
            new NodeParameter { Name = "unit", Type = ParameterType.Options, Default = "hours", Versions = [1] },
            new NodeParameter { Name = "amount", Type = ParameterType.Number, Default = 5, Versions = [1.1] },
            new NodeParameter { Name = "unit", Type = ParameterType.Options, Default = "seconds", Versions = [1.1] },
            new NodeParameter { Name = "dateTime", Type = ParameterType.DateTime, Default = string.Empty },
            new NodeParameter { Name = "limitWaitTime", Type = ParameterType.Boolean, Default = false },
            new NodeParameter { Name = "limitType", Type = ParameterType.Options, Default = "afterTimeInterval" },
            new NodeParameter { Name = "resumeAmount", Type = ParameterType.Number, Default = 1 },
            new NodeParameter { Name = "resumeUnit", Type = ParameterType.Options, Default = "hours" },
            new NodeParameter { Name = "maxDateAndTime", Type = ParameterType.DateTime, Default = string.Empty },
        ],
    };

    public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var time = context.Execution.Time;
        var now = time.GetUtcNow();
        var output = NodeOutput.Single(FlowItems.RoutedAll(context.InputItems));
        var resume = context.GetString("resume", 0, "timeInterval");
        switch (resume)
        {
            case "timeInterval":
                var span = Span(context.GetNumber("amount", 0, 1), context.GetString("unit", 0, "hours"));
                return await DelayOrPark(context, output, now + span).ConfigureAwait(false);
            case "specificTime":
                return await DelayOrPark(context, output, ReadDate(context, "dateTime")).ConfigureAwait(false);
            case "webhook" or "form":
                DateTimeOffset? until = null;
                if (context.GetBoolean("limitWaitTime"))
                {
                    until = context.GetString("limitType", 0, "afterTimeInterval") == "atSpecificTime"
                        ? ReadDate(context, "maxDateAndTime")
                        : now + Span(context.GetNumber("resumeAmount", 0, 1), context.GetString("resumeUnit", 0, "hours"));
                }

                var details = new JsObject { ["resume"] = resume };
                if (context.Node.WebhookId is { } webhookId)
                {
                    details["webhookId"] = webhookId;
                }

                return NodeOutput.Waiting(output.Main, new WaitRequest(until, resume == "form" ? "form" : "webhook", details));
            default:
                throw new NodeOperationException($"The resume mode '{resume}' is not known", description: "Choose 'After Time Interval', 'At Specified Time', 'On Webhook Call' or 'On Form Submitted'.");
        }
    }

    private static async ValueTask<NodeOutput> DelayOrPark(NodeExecutionContext context, NodeOutput output, DateTimeOffset until)
    {
        var delay = until - context.Execution.Time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return output;
        }

        if (delay < InProcessLimit)
        {
            await Task.Delay(delay, context.Execution.Time, context.CancellationToken).ConfigureAwait(false);
            return output;
        }

        return NodeOutput.Waiting(output.Main, new WaitRequest(until, "timer"));
    }

    private static DateTimeOffset ReadDate(NodeExecutionContext context, string parameter)
    {
        var value = context.GetParameter(parameter);
        if (!ConditionValues.TryGetEpochMs(value, context.Execution.TimeZone, out var ms))
        {
            throw new NodeOperationException(
                $"The date '{ConditionValues.Describe(value)}' in '{parameter}' is not a valid date and time",
                description: "Give an ISO 8601 date such as 2024-05-01T09:00:00.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }

    private static TimeSpan Span(double amount, string unit) => unit switch
    {
        "seconds" => TimeSpan.FromSeconds(amount),
        "minutes" => TimeSpan.FromMinutes(amount),
        "hours" => TimeSpan.FromHours(amount),
        "days" => TimeSpan.FromDays(amount),
        _ => throw new NodeOperationException($"The unit '{unit}' is not known", description: "Use seconds, minutes, hours or days."),
    };
}
