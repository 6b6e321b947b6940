using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Nodes;

/// <summary>
/// Everything one run of a node can see and use: its inputs, parameters (with expressions resolved),
/// per-execution state, services and cancellation. Created by the engine for each node run.
/// </summary>
public sealed class NodeExecutionContext
{
    private readonly IExpressionEvaluator _expressions;
    private Dictionary<string, object?>? _properties;

    internal NodeExecutionContext(
        ExecutionInfo execution,
        WorkflowNode node,
        INodeType nodeType,
        int runIndex,
        IReadOnlyList<IReadOnlyList<Item>> inputs,
        IReadOnlyList<NodeRunSource?> source,
        RunData runData,
        JsObject state,
        IExpressionEvaluator expressions,
        IServiceProvider services,
        CancellationToken cancellationToken,
        IReadOnlyList<IReadOnlyList<Item>>? expressionInputs = null,
        Func<string, JsObject?>? nodeStates = null)
    {
        Execution = execution;
        Node = node;
        NodeType = nodeType;
        RunIndex = runIndex;
        Inputs = inputs;
        Source = source;
        RunData = runData;
        State = state;
        _expressions = expressions;
        Services = services;
        CancellationToken = cancellationToken;
        Expressions = new ExpressionContext
        {
            Execution = execution,
            Node = node,
            RunData = runData,
            Inputs = expressionInputs ?? inputs,
            NodeStates = nodeStates ?? (name => name == node.Name ? state : null),
            Source = source,
            RunIndex = runIndex,
            CancellationToken = cancellationToken,
        };
    }

    /// <summary>The execution.</summary>
    public ExecutionInfo Execution { get; }

    /// <summary>The workflow.</summary>
    public Workflow Workflow => Execution.Workflow;

    /// <summary>The node being run.</summary>
    public WorkflowNode Node { get; }

    /// <summary>The node's type.</summary>
    public INodeType NodeType { get; }

    /// <summary>How many times this node ran before in this execution.</summary>
    public int RunIndex { get; }

    /// <summary>Items per main input.</summary>
    public IReadOnlyList<IReadOnlyList<Item>> Inputs { get; }

    /// <summary>Where each input came from.</summary>
    public IReadOnlyList<NodeRunSource?> Source { get; }

    /// <summary>Items of input 0.</summary>
    public IReadOnlyList<Item> InputItems => Inputs.Count > 0 ? Inputs[0] : [];

    /// <summary>Runs of every node so far.</summary>
    public RunData RunData { get; }

    /// <summary>State this node keeps across its runs within one execution (e.g. Loop Over Items' remaining items).</summary>
    public JsObject State { get; }

    /// <summary>The expression context; <see cref="ExpressionContext.ItemIndex"/> is moved by the parameter accessors.</summary>
    public ExpressionContext Expressions { get; }

    /// <summary>Services (HTTP clients, credentials, sub-workflow runner, JavaScript runner…).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the execution is cancelled or times out.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>True when the run honours pinned data (manual runs).</summary>
    public bool UsePinData { get; internal init; }

    /// <summary>True when the node's errors are turned into items instead of failing the execution (<c>onError</c> continue modes).</summary>
    public bool ContinueOnFail => Node.ErrorMode != OnErrorMode.StopWorkflow;

    /// <summary>Free-form values pipeline steps share about this node run (tracing, cost, policy decisions).</summary>
    public Dictionary<string, object?> Properties => _properties ??= new(StringComparer.Ordinal);

    /// <summary>Attempt number (1-based), set by the retry step.</summary>
    public int Attempts { get; internal set; } = 1;

    /// <summary>True when the output came from pinned data.</summary>
    public bool FromPinData { get; internal set; }

    internal Func<int, Exception, ValueTask>? OnRetry { get; init; }

    /// <summary>Log lines captured into the run data.</summary>
    public List<string>? Logs { get; private set; }

    /// <summary>Adds a line to the run's captured log.</summary>
    public void Log(string line) => (Logs ??= []).Add(line);

    /// <summary>A service, or null.</summary>
    public T? GetService<T>() where T : class => Services.GetService(typeof(T)) as T;

    /// <summary>
    /// Reads a parameter by dotted path (<c>options.caseSensitive</c>), resolving expressions for item <paramref name="itemIndex"/>.
    /// Falls back to the description's default when the workflow does not set it; undefined when neither exists.
    /// </summary>
    public JsValue GetParameter(string path, int itemIndex = 0)
    {
        var raw = GetRawParameter(path);
        return Resolve(raw, path, itemIndex);
    }

    /// <summary>Reads a parameter without resolving expressions.</summary>
    public JsValue GetRawParameter(string path)
    {
        var raw = Node.Parameters.GetPath(path);
        return raw.IsUndefined ? DefaultOf(path) : raw;
    }

    /// <summary>Resolves expressions inside <paramref name="raw"/> (recursively for objects and arrays).</summary>
    /// <remarks>
    /// One pass; a container is copied only when something inside it was an expression, and the failing parameter's
    /// path (e.g. <c>conditions.conditions[0].leftValue</c>) is assembled only when an expression fails.
    /// </remarks>
    public JsValue Resolve(JsValue raw, string parameterPath, int itemIndex)
    {
        try
        {
            return ResolveValue(raw, itemIndex);
        }
        catch (ExpressionException e)
        {
            e.NodeName ??= Node.Name;
            e.ParameterName = e.ParameterName is null ? parameterPath
                : e.ParameterName.StartsWith('[') ? parameterPath + e.ParameterName : parameterPath + "." + e.ParameterName;
            throw;
        }
    }

    /// <summary>Evaluates an expression template for an item, naming the node and parameter in errors.</summary>
    public JsValue Evaluate(string template, string parameterPath, int itemIndex)
    {
        try
        {
            return EvaluateTemplate(template, itemIndex);
        }
        catch (ExpressionException e)
        {
            e.NodeName ??= Node.Name;
            e.ParameterName ??= parameterPath;
            throw;
        }
    }

    private JsValue EvaluateTemplate(string template, int itemIndex)
    {
        Expressions.ItemIndex = itemIndex;
        return _expressions.Evaluate(template, Expressions);
    }

    private JsValue ResolveValue(JsValue raw, int itemIndex)
    {
        switch (raw.Kind)
        {
            case JsKind.String:
                var text = raw.AsString();
                return text.Length > 0 && text[0] == '=' ? EvaluateTemplate(text, itemIndex) : raw;
            case JsKind.Object:
                var obj = raw.AsObject();
                JsObject? copy = null;
                for (var i = 0; i < obj.Count; i++)
                {
                    var value = obj.ValueAt(i);
                    var resolved = ResolveChild(value, obj.KeyAt(i), itemIndex);
                    if (copy is null && !SameValue(value, resolved))
                    {
                        copy = new JsObject(obj.Count);
                        for (var j = 0; j < i; j++)
                        {
                            copy.Set(obj.KeyAt(j), obj.ValueAt(j));
                        }
                    }

                    copy?.Set(obj.KeyAt(i), resolved);
                }

                return copy is null ? raw : copy;
            case JsKind.Array:
                var arr = raw.AsArray();
                JsArray? list = null;
                for (var i = 0; i < arr.Count; i++)
                {
                    var resolved = ResolveChild(arr[i], null, itemIndex, i);
                    if (list is null && !SameValue(arr[i], resolved))
                    {
                        list = new JsArray(arr.Count);
                        for (var j = 0; j < i; j++)
                        {
                            list.Add(arr[j]);
                        }
                    }

                    list?.Add(resolved);
                }

                return list is null ? raw : list;
            default:
                return raw;
        }
    }

    private JsValue ResolveChild(JsValue value, string? key, int itemIndex, int index = 0)
    {
        if (value.Kind is not (JsKind.String or JsKind.Object or JsKind.Array))
        {
            return value;
        }

        try
        {
            return ResolveValue(value, itemIndex);
        }
        catch (ExpressionException e)
        {
            var segment = key ?? $"[{index}]";
            e.ParameterName = e.ParameterName is null ? segment
                : e.ParameterName.StartsWith('[') ? segment + e.ParameterName : segment + "." + e.ParameterName;
            throw;
        }
    }

    private static bool SameValue(JsValue raw, JsValue resolved) =>
        raw.Kind == resolved.Kind && ReferenceEquals(raw.Reference, resolved.Reference) && (raw.Reference is not null || raw.Equals(resolved));

    /// <summary>Reads a string parameter (numbers and booleans are converted to text).</summary>
    public string GetString(string path, int itemIndex = 0, string defaultValue = "")
    {
        var value = GetParameter(path, itemIndex);
        return value.Kind switch
        {
            JsKind.String => value.AsString(),
            JsKind.Number => JsNumber.ToString(value.AsNumber()),
            JsKind.Boolean => value.AsBoolean() ? "true" : "false",
            JsKind.Undefined or JsKind.Null => defaultValue,
            _ => value.ToString(),
        };
    }

    /// <summary>Reads a boolean parameter.</summary>
    public bool GetBoolean(string path, int itemIndex = 0, bool defaultValue = false)
    {
        var value = GetParameter(path, itemIndex);
        return value.Kind switch
        {
            JsKind.Boolean => value.AsBoolean(),
            JsKind.String => value.AsString() is "true" or "TRUE" or "True",
            JsKind.Number => value.AsNumber() != 0,
            _ => defaultValue,
        };
    }

    /// <summary>Reads a number parameter.</summary>
    public double GetNumber(string path, int itemIndex = 0, double defaultValue = 0)
    {
        var value = GetParameter(path, itemIndex);
        return value.Kind switch
        {
            JsKind.Number => value.AsNumber(),
            JsKind.String when double.TryParse(value.AsString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => defaultValue,
        };
    }

    /// <summary>Reads an object parameter (a collection); empty when unset.</summary>
    public JsObject GetObject(string path, int itemIndex = 0) =>
        GetParameter(path, itemIndex).TryGetObject() ?? new JsObject();

    private JsValue DefaultOf(string path)
    {
        // Runs for every unset parameter read of every item: compare through spans, allocate nothing on the way.
        var parameters = NodeType.Description.Parameters;
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? path.AsSpan() : path.AsSpan(0, dot);
        foreach (var p in parameters)
        {
            if (!head.SequenceEqual(p.Name) || !p.AppliesTo(Node.TypeVersion))
            {
                continue;
            }

            if (dot < 0)
            {
                return p.Default;
            }

            // A default for a child of a collection the workflow did not set.
            var rest = path.AsSpan(dot + 1);
            if (p.Children is { } children && !rest.Contains('.'))
            {
                foreach (var child in children)
                {
                    if (rest.SequenceEqual(child.Name) && child.AppliesTo(Node.TypeVersion))
                    {
                        return child.Default;
                    }
                }
            }

            return p.Default.TryGetObject() is { } obj ? obj.GetPath(path[(dot + 1)..]) : JsValue.Undefined;
        }

        return JsValue.Undefined;
    }
}
