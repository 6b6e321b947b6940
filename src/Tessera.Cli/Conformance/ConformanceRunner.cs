using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;
using Tessera.Nodes;
using Tessera.Nodes.Flow.SubWorkflows;

namespace Tessera.Cli.Conformance;

/// <summary>
/// Runs n8n's node-test workflows (the conformance corpus) and checks every pinned node's output.
/// Rules (see the corpus README): pinData and any <c>trigger</c> key are removed; the run starts from the trigger in
/// manual mode with one empty item; for every pinned node, output 0 of each of its runs must equal the pinned items;
/// the run must end in success or waiting; <c>C:\Test\</c> and absolute fixture paths are read from <c>_files/</c>;
/// fixtures needing node types Tessera lacks are skipped.
/// </summary>
public sealed class ConformanceRunner
{
    private readonly NodeTypeRegistry _registry = BuiltInNodes.CreateRegistry();
    private readonly IExpressionEvaluator? _expressions;
    private readonly ICredentialProvider? _credentials;

    /// <summary>
    /// Creates a runner over the built-in nodes and the default expression evaluator (or <paramref name="expressions"/>).
    /// <paramref name="credentials"/> serves fixtures whose nodes reference credentials (n8n keeps those in its test code;
    /// a vault-backed provider finds them by type and name, e.g. jwtAuth "JWT Auth account").
    /// </summary>
    public ConformanceRunner(IExpressionEvaluator? expressions = null, ICredentialProvider? credentials = null)
    {
        _expressions = expressions;
        _credentials = credentials;
    }

    /// <summary>Time allowed per fixture.</summary>
    public TimeSpan FixtureTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs every fixture under <paramref name="directory"/> (recursively; <c>_files</c>, INDEX and EXPECTED files excluded).</summary>
    public async Task<ConformanceReport> RunAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The conformance directory '{directory}' does not exist.");
        }

        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Where(f => !IsSupportFile(root, f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var results = new List<ConformanceCaseResult>(files.Count);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await RunFixtureAsync(root, file, cancellationToken).ConfigureAwait(false));
        }

        return new ConformanceReport(results);
    }

    /// <summary>Runs one fixture file.</summary>
    public async Task<ConformanceCaseResult> RunFixtureAsync(string root, string file, CancellationToken cancellationToken)
    {
        var name = Path.GetRelativePath(root, file).Replace('\\', '/');
        JsObject json;
        try
        {
            json = JsonCodec.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).TryGetObject()
                ?? throw new JsonFormatException("The fixture is not a JSON object.", 1, 1);
        }
        catch (JsonFormatException e)
        {
            return new(name, ConformanceOutcome.Failed, $"invalid JSON: {e.Message}", []);
        }

        var pinData = json["pinData"].TryGetObject();
        json.Remove("pinData");
        json.Remove("trigger");
        Workflow workflow;
        try
        {
            workflow = WorkflowJson.FromJson(json);
            // n8n's test harness saves each fixture before running it, so $workflow.id is never empty there.
            workflow.Id ??= "1";
        }
        catch (Exception e) when (e is JsonFormatException or WorkflowValidationException or InvalidOperationException or ArgumentException)
        {
            return new(name, ConformanceOutcome.Failed, $"not a workflow: {e.Message}", []);
        }

        var missing = NodeTypesOf(workflow)
            .Where(t => !WorkflowValidator.IsAnnotation(t) && !_registry.Contains(t))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(t => t, StringComparer.Ordinal)
            .ToList();
        if (missing.Count > 0)
        {
            return new(name, ConformanceOutcome.Skipped, "needs " + string.Join(", ", missing), missing);
        }

        var files = FilesFolder(root, file);
        MapFixturePaths(workflow, files);
        ExecutionResult result;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FixtureTimeout);
        try
        {
            var resolver = new FixtureWorkflows(workflow);
            var engine = TesseraEngineFactory.Create(configure: services =>
            {
                services.Add<ISubWorkflowResolver>(resolver);
                services.Add(new Tessera.Nodes.Files.FileAccessPolicy([files]));
                if (_expressions is not null)
                {
                    services.Add(_expressions);
                }

                if (_credentials is not null)
                {
                    services.Add(_credentials);
                }
            });
            var run = new RunOptions { Mode = ExecutionModes.Manual, TriggerItems = [Item.Empty()], UsePinData = false };

            // A workflow that can park (a Wait node) runs as the server would, durably, its timed waits woken on a
            // clock moved forward instead of waited out in real time; the others run in memory.
            result = workflow.Nodes.Exists(n => n.Type == "n8n-nodes-base.wait" && !n.IsDisabled)
                ? await TimerWaits.RunAsync(engine, workflow, run, timeout.Token).ConfigureAwait(false)
                : await engine.RunAsync(workflow, run, timeout.Token).ConfigureAwait(false);
        }
        catch (WorkflowValidationException e)
        {
            return new(name, ConformanceOutcome.Failed, $"invalid workflow: {e.Message}", []);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(name, ConformanceOutcome.Failed, $"timed out after {FixtureTimeout.TotalSeconds:0} s", []);
        }

        if (result.Status is not (ExecutionStatus.Success or ExecutionStatus.Waiting))
        {
            var where = result.FailedNode is null ? string.Empty : $" in '{result.FailedNode}'";
            return new(name, ConformanceOutcome.Failed, $"run ended {result.Status.ToString().ToLowerInvariant()}{where}: {result.Error?.Message}", []);
        }

        if (pinData is null || pinData.Count == 0)
        {
            return new(name, ConformanceOutcome.Passed, "no pinned data; the run succeeded", []);
        }

        foreach (var (node, pinned) in pinData)
        {
            var expected = pinned.TryGetArray() ?? [];
            var runs = result.RunData[node];
            if (runs.Count == 0)
            {
                return new(name, ConformanceOutcome.Failed, $"node '{node}' did not run", []);
            }

            for (var r = 0; r < runs.Count; r++)
            {
                var output = runs[r].Outputs.Count > 0 ? runs[r].Outputs[0] : [];
                if (ConformanceComparer.FirstDifference(expected, output) is { } diff)
                {
                    var run = runs.Count > 1 ? $" run {r}" : string.Empty;
                    return new(name, ConformanceOutcome.Failed, $"node '{node}'{run}: {diff}", []);
                }
            }
        }

        return new(name, ConformanceOutcome.Passed, null, []);
    }

    // The node types a fixture runs, including those of sub-workflows given inline (Execute Workflow, source "parameter").
    private static IEnumerable<string> NodeTypesOf(Workflow workflow)
    {
        foreach (var node in workflow.Nodes)
        {
            yield return node.Type;
            if (node.Type == "n8n-nodes-base.executeWorkflow" && node.Parameters["source"].TryGetString() == "parameter"
                && node.Parameters["workflowJson"].TryGetString() is { } inline)
            {
                Workflow? sub = null;
                try
                {
                    sub = WorkflowJson.Parse(inline);
                }
                catch (JsonFormatException)
                {
                    // The node reports bad JSON itself when it runs.
                }

                foreach (var type in sub is null ? [] : NodeTypesOf(sub))
                {
                    yield return type;
                }
            }
        }
    }

    private static bool IsSupportFile(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        var fileName = Path.GetFileName(file);
        return relative.StartsWith("_files/", StringComparison.Ordinal) || relative.Contains("/_files/", StringComparison.Ordinal)
            || fileName.StartsWith("EXPECTED", StringComparison.Ordinal) || fileName.StartsWith("INDEX", StringComparison.Ordinal);
    }

    // n8n's harness rewrites C:\Test\… to its test folder; some fixtures carry the absolute path of the author's machine.
    internal static void MapFixturePaths(Workflow workflow, string filesDirectory)
    {
        foreach (var node in workflow.Nodes)
        {
            node.Parameters = (JsObject)MapValue(node.Parameters, filesDirectory).AsObject();
        }
    }

    private static JsValue MapValue(JsValue value, string files)
    {
        switch (value.Kind)
        {
            case JsKind.String:
                return MapPath(value.AsString(), files);
            case JsKind.Object:
                var obj = new JsObject();
                foreach (var (key, v) in value.AsObject())
                {
                    // A bare file name in a file parameter is relative to n8n's test folder.
                    obj[key] = key is "fileSelector" or "filePath" && v.TryGetString() is { } name && !name.Contains('/', StringComparison.Ordinal)
                        && !name.StartsWith('=') && File.Exists(Path.Combine(files, name))
                        ? Path.Combine(files, name)
                        : MapValue(v, files);
                }

                return obj;
            case JsKind.Array:
                return new JsArray(value.AsArray().Select(v => MapValue(v, files)));
            default:
                return value;
        }
    }

    // The corpus keeps the files fixtures read in a "_files" folder beside the node folders (conformance/n8n/_files),
    // so look from the fixture's folder up to the root given on the command line.
    private static string FilesFolder(string root, string file)
    {
        var rootPath = Path.GetFullPath(root);
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(file))!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "_files");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (string.Equals(dir.FullName.TrimEnd('/'), rootPath.TrimEnd('/'), StringComparison.Ordinal))
            {
                break;
            }
        }

        return Path.Combine(rootPath, "_files");
    }

    internal static string MapPath(string text, string files)
    {
        var prefix = text.StartsWith('=') ? "=" : string.Empty;
        var path = text[prefix.Length..];
        const string testPrefix = "C:\\Test\\";
        if (path.StartsWith(testPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return prefix + Path.Combine(files, path[testPrefix.Length..].Replace('\\', '/'));
        }

        var looksAbsolute = (path.StartsWith('/') && path.Length > 1 && !path.Contains('\n', StringComparison.Ordinal))
            || (path.Length > 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] == '\\');
        if (looksAbsolute && !path.Contains("{{", StringComparison.Ordinal))
        {
            var fileName = path.Replace('\\', '/').Split('/')[^1];
            if (fileName.Length > 0 && File.Exists(Path.Combine(files, fileName)))
            {
                return prefix + Path.Combine(files, fileName);
            }
        }

        return text;
    }

    /// <summary>Workflow ids resolve to the fixture itself (n8n's tests call "this workflow" by id).</summary>
    private sealed class FixtureWorkflows(Workflow workflow) : ISubWorkflowResolver
    {
        public ValueTask<Workflow?> ResolveAsync(string workflowId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<Workflow?>(workflow.Id is null || workflow.Id == workflowId ? workflow : null);
    }
}
