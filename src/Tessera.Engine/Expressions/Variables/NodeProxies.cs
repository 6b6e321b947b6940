using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions.Runtime;
using Tessera.Engine.Items;

namespace Tessera.Engine.Expressions.Variables;

/// <summary><c>$input</c>: the running node's input items.</summary>
internal sealed class InputProxy : IJsHostObject
{
    public static readonly InputProxy Instance = new();

    private static readonly JsValue All = Fn("all", (_, _) => ItemLinker.ToArray(Context.InputItems));
    private static readonly JsValue First = Fn("first", (_, _) => Context.InputItems is { Count: > 0 } items ? ItemLinker.ToValue(items[0]) : JsValue.Undefined);
    private static readonly JsValue Last = Fn("last", (_, _) => Context.InputItems is { Count: > 0 } items ? ItemLinker.ToValue(items[^1]) : JsValue.Undefined);

    private static ExpressionContext Context => EvalState.Current.Context;

    public JsValue GetMember(string name) => name switch
    {
        "item" => Context.CurrentItem is { } item ? ItemLinker.ToValue(item) : JsValue.Undefined,
        "all" => All,
        "first" => First,
        "last" => Last,
        "params" => JsValue.FromObject(Context.Parameters),
        "context" => JsValue.FromObject(Context.NodeStates?.Invoke(Context.Node.Name) ?? new JsObject()),
        _ => JsValue.Undefined,
    };

    internal static JsValue Fn(string name, NativeMethod method) => JsValue.FromHost(new NativeFunction(name, method));

    public override string ToString() => "[object Object]";
}

/// <summary><c>$('Node')</c>: another node's output, with item linking.</summary>
internal sealed class NodeProxy(string nodeName) : IJsHostObject
{
    private static ExpressionContext Context => EvalState.Current.Context;

    public static JsValue Select(ReadOnlySpan<JsValue> args)
    {
        var name = Args.At(args, 0);
        if (!name.IsString)
        {
            throw new ExpressionException("$() needs the name of a node, e.g. $('Edit Fields')");
        }

        var node = name.AsString();
        if (Context.Workflow.FindNode(node) is null)
        {
            throw new ExpressionException($"Referenced node doesn't exist: '{node}'")
            {
                Description = "Check the node name in the expression; it must match the node's name exactly (names are case-sensitive).",
            };
        }

        return JsValue.FromHost(new NodeProxy(node));
    }

    public JsValue GetMember(string name) => name switch
    {
        "item" => ItemLinker.ToValue(ItemLinker.Resolve(Context, nodeName, Context.ItemIndex)),
        "itemMatching" or "pairedItem" => InputProxy.Fn(name, (_, a) =>
            ItemLinker.ToValue(ItemLinker.Resolve(Context, nodeName, Args.At(a, 0).IsUndefined ? Context.ItemIndex : (int)Ops.Num(a[0])))),
        "first" => InputProxy.Fn(name, (_, a) => Items(a) is { Count: > 0 } items ? ItemLinker.ToValue(items[0]) : JsValue.Undefined),
        "last" => InputProxy.Fn(name, (_, a) => Items(a) is { Count: > 0 } items ? ItemLinker.ToValue(items[^1]) : JsValue.Undefined),
        "all" => InputProxy.Fn(name, (_, a) => ItemLinker.ToArray(Items(a))),
        "isExecuted" => JsValue.FromBoolean(Context.RunData.HasRun(nodeName)),
        "params" => JsValue.FromObject(Context.Workflow.FindNode(nodeName)?.Parameters ?? new JsObject()),
        "context" => JsValue.FromObject(Context.NodeStates?.Invoke(nodeName) ?? new JsObject()),
        "runIndex" => JsValue.FromNumber(Math.Max(0, Context.RunData.RunCount(nodeName) - 1)),
        _ => JsValue.Undefined,
    };

    private IReadOnlyList<Item> Items(ReadOnlySpan<JsValue> args)
    {
        var runs = Context.RunData[nodeName];
        if (runs.Count == 0)
        {
            throw new ExpressionException($"Node '{nodeName}' hasn't been executed")
            {
                Description = $"An expression here uses data from '{nodeName}', which did not run before this node. Run it first, or check the connections.",
            };
        }

        var branch = Args.At(args, 0).IsNullish ? 0 : (int)Ops.Num(args[0]);
        var runIndex = Args.At(args, 1).IsNullish ? runs.Count - 1 : (int)Ops.Num(args[1]);
        if ((uint)runIndex >= (uint)runs.Count)
        {
            return [];
        }

        var outputs = runs[runIndex].Outputs;
        return (uint)branch < (uint)outputs.Count ? outputs[branch] : [];
    }

    public override string ToString() => "[object Object]";
}

/// <summary><c>$node</c>: <c>$node["Node"].json</c> and friends (the older syntax).</summary>
internal sealed class NodeMapProxy : IJsHostObject
{
    public static readonly NodeMapProxy Instance = new();

    public JsValue GetMember(string name)
    {
        var context = EvalState.Current.Context;
        if (context.Workflow.FindNode(name) is null)
        {
            throw new ExpressionException($"Referenced node doesn't exist: '{name}'")
            {
                Description = "Check the node name; it must match the node's name exactly.",
            };
        }

        return JsValue.FromHost(new NodeDataProxy(name));
    }

    public override string ToString() => "[object Object]";
}

/// <summary>One node in <c>$node</c>: the item at the current index of its last run.</summary>
internal sealed class NodeDataProxy(string nodeName) : IJsHostObject
{
    public JsValue GetMember(string name)
    {
        var context = EvalState.Current.Context;
        var runs = context.RunData[nodeName];
        Item? item = null;
        if (runs.Count > 0 && runs[^1].Outputs.Count > 0 && runs[^1].Outputs[0] is { Count: > 0 } items)
        {
            item = (uint)context.ItemIndex < (uint)items.Count ? items[context.ItemIndex] : items[0];
        }

        return name switch
        {
            "json" => item is null ? throw NotExecuted() : JsValue.FromObject(item.Json),
            "binary" => item is null ? throw NotExecuted() : Binary(item),
            "parameter" => JsValue.FromObject(context.Workflow.FindNode(nodeName)?.Parameters ?? new JsObject()),
            "runIndex" => JsValue.FromNumber(Math.Max(0, runs.Count - 1)),
            "context" => JsValue.FromObject(context.NodeStates?.Invoke(nodeName) ?? new JsObject()),
            _ => JsValue.Undefined,
        };
    }

    private ExpressionException NotExecuted() => new($"Node '{nodeName}' hasn't been executed")
    {
        Description = $"An expression here uses data from '{nodeName}', which has no output yet.",
    };

    internal static JsValue Binary(Item item)
    {
        var obj = new JsObject();
        if (item.Binary is not null)
        {
            foreach (var (key, data) in item.Binary)
            {
                obj[key] = data.ToJson();
            }
        }

        return JsValue.FromObject(obj);
    }

    public override string ToString() => "[object Object]";
}
