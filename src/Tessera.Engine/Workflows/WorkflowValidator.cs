using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Engine.Workflows;

/// <summary>Checks a workflow against the known node types and reports every problem with its location.</summary>
public static class WorkflowValidator
{
    private static readonly HashSet<string> Annotations = ["n8n-nodes-base.stickyNote"];

    /// <summary>True for canvas-only node types (sticky notes) that never run.</summary>
    public static bool IsAnnotation(string type) => Annotations.Contains(type);

    /// <summary>Every problem in <paramref name="workflow"/>; empty when it can run.</summary>
    public static IReadOnlyList<WorkflowProblem> Validate(Workflow workflow, NodeTypeRegistry nodeTypes)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(nodeTypes);
        var problems = new List<WorkflowProblem>();
        var byName = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        foreach (var node in workflow.Nodes)
        {
            if (!byName.TryAdd(node.Name, node))
            {
                problems.Add(new($"node \"{node.Name}\"", $"Two nodes are named \"{node.Name}\"; node names must be unique. Rename one of them.", "node.duplicateName"));
            }

            if (IsAnnotation(node.Type))
            {
                continue;
            }

            var type = nodeTypes.Find(node.Type);
            if (type is null)
            {
                problems.Add(new($"node \"{node.Name}\"", UnknownType(node.Type, nodeTypes), "node.unknownType"));
                continue;
            }

            if (!type.Description.SupportsVersion(node.TypeVersion))
            {
                var supported = string.Join(", ", type.Description.Versions.Select(v => v.ToString(CultureInfo.InvariantCulture)));
                problems.Add(new($"node \"{node.Name}\"",
                    $"{node.Type} version {node.TypeVersion.ToString(CultureInfo.InvariantCulture)} is not supported; supported versions: {supported}.",
                    "node.unsupportedVersion"));
                continue;
            }

            CheckParameters(node, type.Description.Parameters, node.Parameters, $"node \"{node.Name}\" parameter ", problems);
        }

        foreach (var c in workflow.Connections)
        {
            var where = $"connection \"{c.Source}\" → \"{c.Target}\"";
            if (!byName.ContainsKey(c.Source))
            {
                problems.Add(new(where, $"The connection starts at \"{c.Source}\", which is not a node of this workflow. Remove the connection or add the node.", "connection.missingSource"));
            }

            if (!byName.TryGetValue(c.Target, out var target))
            {
                problems.Add(new(where, $"The connection leads to \"{c.Target}\", which is not a node of this workflow. Remove the connection or add the node.", "connection.missingTarget"));
            }
            else if (c.Type == ConnectionTypes.Main && nodeTypes.Find(target.Type) is { } targetType && targetType.Description.SupportsVersion(target.TypeVersion))
            {
                var inputs = targetType.Description.Inputs(target);
                if (c.TargetInput >= inputs && inputs > 0)
                {
                    problems.Add(new(where, $"Input {c.TargetInput} does not exist on \"{c.Target}\" ({inputs} input{(inputs == 1 ? string.Empty : "s")}).", "connection.missingInput"));
                }
            }
        }

        if (problems.Count == 0)
        {
            CheckLoops(workflow, byName, nodeTypes, problems);
        }

        return problems;
    }

    private static string UnknownType(string type, NodeTypeRegistry nodeTypes)
    {
        var shortName = type[(type.LastIndexOf('.') + 1)..];
        var similar = nodeTypes.All
            .Select(t => t.Description.Name)
            .Where(n => n.EndsWith("." + shortName, StringComparison.OrdinalIgnoreCase) || n.Contains(shortName, StringComparison.OrdinalIgnoreCase))
            .Take(3)
            .ToList();
        var hint = similar.Count > 0 ? $" Did you mean {string.Join(" or ", similar)}?" : " Run `tessera nodes` to list the supported node types.";
        return $"Unknown node type \"{type}\".{hint}";
    }

    private static void CheckParameters(WorkflowNode node, IReadOnlyList<NodeParameter> described, JsObject values, string prefix, List<WorkflowProblem> problems)
    {
        foreach (var parameter in described)
        {
            if (!parameter.AppliesTo(node.TypeVersion) || !values.TryGetValue(parameter.Name, out var value) || value.IsNullish)
            {
                continue;
            }

            if (value.IsString && value.AsString().StartsWith('='))
            {
                continue; // An expression: its type is known only when it runs.
            }

            var expected = Expected(parameter.Type);
            if (expected is not null && !expected.Contains(value.Kind))
            {
                problems.Add(new($"{prefix}\"{parameter.Name}\"",
                    $"Expected {Describe(parameter.Type)} but found {value.Kind.ToString().ToLowerInvariant()} {Shorten(value)}.",
                    "parameter.wrongType"));
            }
            else if (parameter.Type is ParameterType.Options && parameter.Options is { Count: > 0 } options
                && !options.Any(o => JsonEquality.StrictEquals(o.Value, value)))
            {
                var allowed = string.Join(", ", options.Select(o => o.Value.ToString()));
                problems.Add(new($"{prefix}\"{parameter.Name}\"", $"\"{value}\" is not one of the allowed values: {allowed}.", "parameter.unknownOption"));
            }
        }
    }

    private static JsKind[]? Expected(ParameterType type) => type switch
    {
        ParameterType.String or ParameterType.Code or ParameterType.DateTime => [JsKind.String, JsKind.Number],
        ParameterType.Number => [JsKind.Number],
        ParameterType.Boolean => [JsKind.Boolean],
        ParameterType.MultiOptions => [JsKind.Array],
        ParameterType.Collection or ParameterType.FixedCollection or ParameterType.Filter or ParameterType.AssignmentCollection => [JsKind.Object],
        _ => null,
    };

    private static string Describe(ParameterType type) => type switch
    {
        ParameterType.String or ParameterType.Code or ParameterType.DateTime => "a string",
        ParameterType.Number => "a number",
        ParameterType.Boolean => "true or false",
        ParameterType.MultiOptions => "an array of options",
        _ => "an object",
    };

    private static string Shorten(JsValue value)
    {
        var text = value.ToString();
        return text.Length > 40 ? text[..37] + "..." : text;
    }

    // A cycle must contain a node that can stop feeding it (several outputs, or a node that may emit nothing).
    private static void CheckLoops(Workflow workflow, Dictionary<string, WorkflowNode> byName, NodeTypeRegistry nodeTypes, List<WorkflowProblem> problems)
    {
        var edges = workflow.Connections.Where(c => c.Type == ConnectionTypes.Main).ToLookup(c => c.Source, c => c.Target);
        foreach (var component in StronglyConnected(byName.Keys, edges))
        {
            var cyclic = component.Count > 1 || edges[component[0]].Contains(component[0]);
            if (!cyclic)
            {
                continue;
            }

            var hasExit = component.Any(name =>
            {
                var node = byName[name];
                var type = nodeTypes.Find(node.Type);
                return type is null || node.ErrorMode != OnErrorMode.StopWorkflow
                    || type.Description.CanEndLoop || type.Description.Outputs(node) > 1;
            });
            if (!hasExit)
            {
                var names = string.Join(" → ", component.Select(n => $"\"{n}\""));
                problems.Add(new($"loop {names}",
                    "These nodes form a loop that nothing can end: every node always passes items on. Add an exit, e.g. Loop Over Items (splitInBatches) or an If whose other branch leaves the loop.",
                    "workflow.endlessLoop"));
            }
        }
    }

    // Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
    private static List<List<string>> StronglyConnected(IEnumerable<string> nodes, ILookup<string, string> edges)
    {
        var index = 0;
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        foreach (var root in nodes)
        {
            if (indexes.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(string Node, IEnumerator<string> Children)>();
            indexes[root] = low[root] = index++;
            stack.Push(root);
            onStack.Add(root);
            work.Push((root, edges[root].GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, children) = work.Peek();
                if (children.MoveNext())
                {
                    var child = children.Current;
                    if (!indexes.ContainsKey(child))
                    {
                        indexes[child] = low[child] = index++;
                        stack.Push(child);
                        onStack.Add(child);
                        work.Push((child, edges[child].GetEnumerator()));
                    }
                    else if (onStack.Contains(child))
                    {
                        low[node] = Math.Min(low[node], indexes[child]);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == indexes[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    component.Reverse();
                    result.Add(component);
                }
            }
        }

        return result;
    }
}
