using Tessera.Engine.Data;

namespace Tessera.Engine.Items;

/// <summary>An error raised by a node, in the shape n8n reports (<c>message, name, description, context</c>).</summary>
public sealed record NodeError
{
    /// <summary>The error message.</summary>
    public required string Message { get; init; }

    /// <summary>The error's name (n8n's <c>NodeOperationError</c>, <c>NodeApiError</c>…).</summary>
    public string Name { get; init; } = "NodeOperationError";

    /// <summary>A longer description or hint.</summary>
    public string? Description { get; init; }

    /// <summary>Extra context (item index, parameter, run index…).</summary>
    public JsObject? Context { get; init; }

    /// <summary>The name of the node that failed.</summary>
    public string? Node { get; init; }

    /// <summary>HTTP status for API errors.</summary>
    public int? HttpCode { get; init; }

    /// <summary>n8n's shape: <c>{ message, name, description, context }</c>.</summary>
    public JsObject ToJson()
    {
        var obj = new JsObject { ["message"] = Message, ["name"] = Name };
        obj["description"] = Description is null ? JsValue.Null : Description;
        obj["context"] = Context ?? new JsObject();
        if (HttpCode is { } code)
        {
            obj["httpCode"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return obj;
    }
}
