using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Values.DateTime;

/// <summary>
/// n8n's Date &amp; Time node. v1 formats and shifts dates with moment-style formats; v2 has separate operations with
/// Luxon-style formats. The clock is the execution's <see cref="TimeProvider"/>; the zone is the workflow's.
/// </summary>
internal sealed class DateTimeNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.dateTime",
        DisplayName = "Date & Time",
        SideEffectFree = true,
        Description = "Manipulate date and time values",
        Versions = [1, 2],
        Category = "Data transformation",
        Parameters =
        [
            new NodeParameter { Name = "action", Type = ParameterType.Options, Default = "format", Versions = [1] },
            new NodeParameter { Name = "value", Type = ParameterType.String, Default = string.Empty, Versions = [1] },
            new NodeParameter { Name = "dataPropertyName", Type = ParameterType.String, Default = "data", Versions = [1] },
            new NodeParameter { Name = "toFormat", Type = ParameterType.String, Default = "MM/DD/YYYY", Versions = [1] },
            new NodeParameter { Name = "operation", Type = ParameterType.Options, Default = "add", Versions = [1] },
            new NodeParameter { Name = "duration", Type = ParameterType.Number, Default = 0 },
            new NodeParameter { Name = "timeUnit", Type = ParameterType.Options, Default = "days" },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var settings = LuxonSettings.For(context.Execution);
        var zone = TimeZones.FromTimeZoneInfo(context.Execution.TimeZone);
        return ValueTask.FromResult(context.Node.TypeVersion < 2
            ? ItemLoop.Map(context, (item, i) => [DateTimeV1.Run(context, item, i, zone, settings)])
            : ItemLoop.Map(context, (item, i) => [DateTimeV2.Run(context, item, i, zone, settings)]));
    }
}
