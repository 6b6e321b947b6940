using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions.Builtins;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Variables;

/// <summary>The n8n variables (<c>$json</c>, <c>$input</c>, <c>$('Node')</c>, <c>$now</c>…) as compiled accessors.</summary>
internal static class N8nVariables
{
    private static readonly Dictionary<string, Code> Accessors = new(StringComparer.Ordinal)
    {
        ["$json"] = _ => EvalState.Current.Context.CurrentItem is { } item ? JsValue.FromObject(item.Json) : JsValue.Undefined,
        ["$binary"] = _ => EvalState.Current.Context.CurrentItem is { } item ? NodeDataProxy.Binary(item) : JsValue.Undefined,
        ["$input"] = Constant(JsValue.FromHost(InputProxy.Instance)),
        ["$"] = Constant(Fn("$", (_, a) => NodeProxy.Select(a))),
        ["$node"] = Constant(JsValue.FromHost(NodeMapProxy.Instance)),
        ["$items"] = Constant(Fn("$items", (_, a) => Items(a))),
        ["$prevNode"] = _ => PrevNode(EvalState.Current.Context),
        ["$runIndex"] = _ => JsValue.FromNumber(EvalState.Current.Context.RunIndex),
        ["$itemIndex"] = _ => JsValue.FromNumber(EvalState.Current.Context.ItemIndex),
        ["$position"] = _ => JsValue.FromNumber(EvalState.Current.Context.ItemIndex),
        ["$now"] = _ => DateBridge.NowValue(),
        ["$today"] = _ => DateBridge.TodayValue(),
        ["$workflow"] = _ => Workflow(EvalState.Current.Context),
        ["$execution"] = _ => Execution(EvalState.Current.Context),
        ["$env"] = _ => ToObject(EvalState.Current.Context.Execution.Environment),
        ["$vars"] = _ => ToObject(EvalState.Current.Context.Execution.Variables),
        ["$parameter"] = _ => JsValue.FromObject(EvalState.Current.Context.Parameters),
        ["$jmespath"] = Constant(Fn("$jmespath", (_, a) => JmesPath.Search(Args.At(a, 0), Args.At(a, 1)))),
        ["$if"] = Constant(Fn("$if", (_, a) =>
        {
            if (a.Length < 2)
            {
                throw new ExpressionException("$if needs at least 2 parameters: $if(condition, valueIfTrue, valueIfFalse?)");
            }

            return Ops.Truthy(a[0]) ? a[1] : a.Length > 2 ? a[2] : JsValue.False;
        })),
        ["$ifEmpty"] = Constant(Fn("$ifEmpty", (_, a) =>
        {
            if (a.Length != 2)
            {
                throw new ExpressionException("$ifEmpty needs exactly 2 parameters: $ifEmpty(value, valueIfEmpty)");
            }

            return IsEmpty(a[0]) ? a[1] : a[0];
        })),
        ["$min"] = Constant(Fn("$min", (_, a) => JsValue.FromNumber(MathBuiltins.MinMax(a, max: false)))),
        ["$max"] = Constant(Fn("$max", (_, a) => JsValue.FromNumber(MathBuiltins.MinMax(a, max: true)))),
        // HTTP Request pagination variables, provided by the node through ExpressionContext.ExtraVariables.
        ["$response"] = _ => Extra("$response"),
        ["$pageCount"] = _ => Extra("$pageCount"),
        ["$request"] = _ => Extra("$request"),
    };

    private static JsValue Extra(string name) => EvalState.Current.Context.ExtraVariables?[name] ?? JsValue.Undefined;

    public static bool TryGet(string name, out Code code) => Accessors.TryGetValue(name, out code!);

    private static Code Constant(JsValue value) => _ => value;

    private static JsValue Fn(string name, NativeMethod method) => JsValue.FromHost(new NativeFunction(name, method));

    private static bool IsEmpty(JsValue v) => v.Kind switch
    {
        JsKind.Undefined or JsKind.Null => true,
        JsKind.String => v.AsString().Length == 0,
        JsKind.Array => v.AsArray().Count == 0,
        JsKind.Object => v.AsObject().Count == 0,
        _ => false,
    };

    private static JsValue Items(ReadOnlySpan<JsValue> args)
    {
        var context = EvalState.Current.Context;
        if (args.Length == 0 || args[0].IsNullish)
        {
            return ItemLinker.ToArray(context.InputItems);
        }

        var node = Ops.Str(args[0]);
        if (context.Workflow.FindNode(node) is null)
        {
            throw new ExpressionException($"Referenced node doesn't exist: '{node}'");
        }

        var runs = context.RunData[node];
        if (runs.Count == 0)
        {
            throw new ExpressionException($"Node '{node}' hasn't been executed");
        }

        var output = Args.At(args, 1).IsNullish ? 0 : (int)Ops.Num(args[1]);
        var run = Args.At(args, 2).IsNullish ? runs.Count - 1 : (int)Ops.Num(args[2]);
        if ((uint)run >= (uint)runs.Count || (uint)output >= (uint)runs[run].Outputs.Count)
        {
            return JsValue.FromArray(new JsArray());
        }

        return ItemLinker.ToArray(runs[run].Outputs[output]);
    }

    private static JsValue PrevNode(ExpressionContext context)
    {
        var source = context.Source.Count > 0 ? context.Source[0] : null;
        if (source is null)
        {
            return JsValue.Undefined;
        }

        return JsValue.FromObject(new JsObject
        {
            ["name"] = source.PreviousNode,
            ["outputIndex"] = source.PreviousNodeOutput,
            ["runIndex"] = source.PreviousNodeRun,
        });
    }

    private static JsValue Workflow(ExpressionContext context)
    {
        var wf = context.Workflow;
        return JsValue.FromObject(new JsObject
        {
            ["id"] = wf.Id is null ? JsValue.Undefined : JsValue.FromString(wf.Id),
            ["name"] = wf.Name,
            ["active"] = wf.Active ?? false,
        });
    }

    private static JsValue Execution(ExpressionContext context)
    {
        var info = context.Execution;
        var resumeUrl = info.ResumeUrl is { } url
            ? (url.Contains(info.Id, StringComparison.Ordinal) ? url : url.TrimEnd('/') + "/" + info.Id)
            : "http://localhost:5678/webhook-waiting/" + info.Id;
        return JsValue.FromObject(new JsObject
        {
            ["id"] = info.Id,
            // n8n reports "test" for manual runs and "production" for everything else.
            ["mode"] = info.Mode == ExecutionModes.Manual ? "test" : "production",
            ["resumeUrl"] = resumeUrl,
            ["resumeFormUrl"] = resumeUrl.Replace("/webhook-waiting/", "/form-waiting/", StringComparison.Ordinal),
            ["customData"] = JsValue.FromHost(CustomData.Instance),
        });
    }

    private static JsValue ToObject(IReadOnlyDictionary<string, string> values)
    {
        var obj = new JsObject(values.Count);
        foreach (var (key, value) in values)
        {
            obj[key] = value;
        }

        return JsValue.FromObject(obj);
    }

    /// <summary><c>$execution.customData</c>: accepted and ignored until executions store custom data.</summary>
    private sealed class CustomData : IJsHostObject
    {
        public static readonly CustomData Instance = new();

        public JsValue GetMember(string name) => name switch
        {
            "set" or "setAll" => Fn(name, (_, _) => JsValue.Undefined),
            "get" => Fn(name, (_, _) => JsValue.Undefined),
            "getAll" => Fn(name, (_, _) => JsValue.FromObject(new JsObject())),
            _ => JsValue.Undefined,
        };
    }
}
