using Tessera.Engine.Workflows;
using Tessera.Nodes.Triggers;

namespace Tessera.Server.Triggers.Webhooks;

/// <summary>
/// The webhooks of active workflows, rebuilt per workflow on activation. Lookups are lock-free reads of an immutable
/// snapshot (the hot path); changes copy the snapshot under a lock.
/// </summary>
internal sealed class WebhookRegistry
{
    private readonly Lock _gate = new();
    private volatile Snapshot _snapshot = new([]);

    /// <summary>
    /// The Webhook nodes of a workflow and the paths they listen on: n8n's rule is the node's <c>path</c>, prefixed with the
    /// node's <c>webhookId</c> when the path has parameters; a node without a path listens at its <c>webhookId</c>.
    /// </summary>
    public static IReadOnlyList<WebhookRegistration> Describe(string workflowId, string? projectId, Workflow workflow, List<string> problems)
    {
        var result = new List<WebhookRegistration>();
        foreach (var node in workflow.Nodes)
        {
            if (node.Type != "n8n-nodes-base.webhook" || node.IsDisabled)
            {
                continue;
            }

            var configured = node.Parameters["path"].TryGetString() ?? string.Empty;
            if (configured.StartsWith('='))
            {
                problems.Add($"The Webhook node \"{node.Name}\" computes its path with an expression; webhook paths must be fixed text.");
                continue;
            }

            var full = configured.Trim('/');
            if (full.Length == 0)
            {
                full = node.WebhookId ?? string.Empty;
            }
            else if (full.Contains(':', StringComparison.Ordinal) && !string.IsNullOrEmpty(node.WebhookId))
            {
                full = node.WebhookId + "/" + full;
            }

            var path = WebhookPath.TryParse(full, out var error);
            if (path is null)
            {
                problems.Add($"The Webhook node \"{node.Name}\" has an unusable path \"{configured}\": {error} Set 'Path' to something like 'orders' or 'users/:id'.");
                continue;
            }

            var methods = WebhookSettings.Methods(node);
            var unknown = methods.Where(m => !WebhookSettings.AllMethods.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"The Webhook node \"{node.Name}\" uses HTTP method {string.Join(", ", unknown)}; use {string.Join(", ", WebhookSettings.AllMethods)}.");
                continue;
            }

            result.Add(new WebhookRegistration(workflowId, projectId, workflow, node, path, methods));
        }

        return result;
    }

    /// <summary>Replaces the workflow's webhooks; returns conflicts with other workflows (then nothing changes).</summary>
    public IReadOnlyList<string> Replace(string workflowId, IReadOnlyList<WebhookRegistration> registrations)
    {
        lock (_gate)
        {
            var others = _snapshot.All.Where(r => r.WorkflowId != workflowId).ToList();
            var conflicts = new List<string>();
            var all = new List<WebhookRegistration>(others);
            foreach (var r in registrations)
            {
                foreach (var existing in all)
                {
                    var shared = existing.Methods.Intersect(r.Methods).ToList();
                    if (shared.Count > 0 && SamePattern(existing.Path, r.Path))
                    {
                        conflicts.Add(existing.WorkflowId == workflowId
                            ? $"The Webhook nodes \"{existing.Node.Name}\" and \"{r.Node.Name}\" both listen on {string.Join("/", shared)} /{r.Path.Text}; give one another path or method."
                            : $"The path {string.Join("/", shared)} /{r.Path.Text} of node \"{r.Node.Name}\" is already used by workflow {existing.WorkflowId}; change the path or deactivate that workflow.");
                    }
                }

                all.Add(r);
            }

            if (conflicts.Count == 0)
            {
                _snapshot = new Snapshot(all);
            }

            return conflicts;
        }
    }

    /// <summary>Removes the workflow's webhooks.</summary>
    public void Remove(string workflowId)
    {
        lock (_gate)
        {
            _snapshot = new Snapshot(_snapshot.All.Where(r => r.WorkflowId != workflowId).ToList());
        }
    }

    /// <summary>True when some workflow has webhooks registered.</summary>
    public bool Contains(string workflowId) => _snapshot.All.Any(r => r.WorkflowId == workflowId);

    /// <summary>Finds the registration for a request; with none for the method, lists the methods the path allows.</summary>
    public WebhookMatch Find(string method, string[] segments) => Find(_snapshot.All, _snapshot.Static, method, segments);

    /// <summary>Matching over any list (the test listeners use it too).</summary>
    public static WebhookMatch Find(IReadOnlyList<WebhookRegistration> all, IReadOnlyDictionary<string, List<WebhookRegistration>>? byPath, string method, string[] segments)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var allowed = new List<string>();
        IEnumerable<WebhookRegistration> candidates = byPath is not null && byPath.TryGetValue(string.Join('/', segments), out var exact)
            ? exact.Concat(all.Where(r => r.Path.IsDynamic))
            : all.Where(r => r.Path.IsDynamic || byPath is null);
        WebhookRegistration? best = null;
        foreach (var r in candidates.OrderBy(r => r.Path.ParameterCount))
        {
            var captured = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!r.Path.TryMatch(segments, captured))
            {
                continue;
            }

            if (r.Methods.Contains(method) || (method == "HEAD" && r.Methods.Contains("GET")))
            {
                best = r;
                foreach (var (k, v) in captured)
                {
                    parameters[k] = v;
                }

                break;
            }

            allowed.AddRange(r.Methods);
        }

        return new WebhookMatch(best, parameters, allowed.Distinct().ToList());
    }

    private static bool SamePattern(WebhookPath a, WebhookPath b) =>
        a.Segments.Length == b.Segments.Length
        && a.Segments.Zip(b.Segments).All(p => p.First == p.Second || (p.First.StartsWith(':') && p.Second.StartsWith(':')));

    private sealed class Snapshot
    {
        public Snapshot(List<WebhookRegistration> all)
        {
            All = all;
            Static = all.Where(r => !r.Path.IsDynamic).GroupBy(r => r.Path.Text, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        }

        public List<WebhookRegistration> All { get; }

        public Dictionary<string, List<WebhookRegistration>> Static { get; }
    }
}
