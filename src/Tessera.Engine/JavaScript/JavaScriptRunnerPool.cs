using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Engine.JavaScript;

/// <summary>
/// A pool of sandboxed Node.js runner processes for Code nodes and for expressions our evaluator cannot compile.
/// Processes start lazily, run one task at a time, and are replaced after a crash, a timeout or running out of memory,
/// so a misbehaving task fails its node and never the engine. Disposing the pool stops every process.
/// </summary>
public sealed class JavaScriptRunnerPool : IDisposable, IAsyncDisposable
{
    private static readonly Lazy<JavaScriptRunnerPool> SharedPool = new(CreateShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<RunnerProcess> _idle = new();
    private readonly Lock _launchLock = new();
    private RunnerLaunch? _launch;
    private int _started;
    private volatile bool _disposed;

    /// <summary>Creates a pool; no process starts until the first task.</summary>
    public JavaScriptRunnerPool(JavaScriptRunnerOptions? options = null)
    {
        Options = options ?? new JavaScriptRunnerOptions();
        Options.Validate();
        _slots = new SemaphoreSlim(Options.PoolSize, Options.PoolSize);
    }

    /// <summary>A process-wide pool with default options, for hosts that register none; stopped when the process exits.</summary>
    public static JavaScriptRunnerPool Shared => SharedPool.Value;

    /// <summary>The pool's settings.</summary>
    public JavaScriptRunnerOptions Options { get; }

    /// <summary>How many runner processes the pool has started so far (replacements included).</summary>
    public int ProcessesStarted => Volatile.Read(ref _started);

    private static JavaScriptRunnerPool CreateShared()
    {
        var pool = new JavaScriptRunnerPool();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pool.Dispose();
        return pool;
    }

    /// <summary>Runs Code-node (or Function/Function Item) code over the task's items.</summary>
    /// <exception cref="JavaScriptRunnerUnavailableException">Node.js or the runner files are missing.</exception>
    /// <exception cref="JavaScriptRunnerException">The runner timed out, ran out of memory or crashed (it is replaced).</exception>
    public async Task<CodeTaskResult> RunCodeAsync(string code, JavaScriptTaskData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(data);
        var payload = RunnerPayload.Write(data);
        var timeout = Options.CodeTimeout;
        var response = await SendAsync(
            "code",
            head =>
            {
                head["code"] = code;
                head["timeoutMs"] = Math.Ceiling(timeout.TotalMilliseconds);
            },
            payload,
            timeout,
            cancellationToken).ConfigureAwait(false);

        var logs = response["logs"].TryGetArray() is { } lines
            ? lines.Select(l => l.TryGetString() ?? l.ToString()).ToList()
            : [];
        if (!response["ok"].AsBoolean())
        {
            return new CodeTaskResult([], logs, JavaScriptError.From(response["error"]));
        }

        var items = new List<Item>();
        if (response["items"].TryGetArray() is { } list)
        {
            foreach (var entry in list)
            {
                items.Add(Item.FromJson(entry));
            }
        }

        return new CodeTaskResult(items, logs, null);
    }

    /// <summary>Evaluates expressions with n8n's semantics (runtime errors yield undefined) over the task's items.</summary>
    /// <exception cref="JavaScriptRunnerUnavailableException">Node.js or the runner files are missing.</exception>
    /// <exception cref="JavaScriptRunnerException">The runner timed out or crashed (it is replaced).</exception>
    public async Task<IReadOnlyList<ExpressionTaskResult>> EvaluateAsync(
        IReadOnlyList<ExpressionTask> expressions,
        JavaScriptTaskData data,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(data);
        if (expressions.Count == 0)
        {
            return [];
        }

        var payload = RunnerPayload.Write(data);
        var timeout = Options.ExpressionTimeout;
        var response = await SendAsync(
            "expressions",
            head =>
            {
                head["timeoutMs"] = Math.Ceiling(timeout.TotalMilliseconds);
                var list = new JsArray(expressions.Count);
                foreach (var e in expressions)
                {
                    list.Add(new JsObject { ["expression"] = e.Expression, ["itemIndex"] = e.ItemIndex });
                }

                head["expressions"] = list;
            },
            payload,
            timeout,
            cancellationToken).ConfigureAwait(false);

        if (!response["ok"].AsBoolean())
        {
            var error = JavaScriptError.From(response["error"]);
            return [.. expressions.Select(_ => new ExpressionTaskResult(JsValue.Undefined, error))];
        }

        var results = new List<ExpressionTaskResult>(expressions.Count);
        foreach (var entry in response["results"].TryGetArray() ?? [])
        {
            results.Add(entry["ok"].AsBoolean()
                ? new ExpressionTaskResult(RunnerWire.Decode(entry["result"]), null)
                : new ExpressionTaskResult(JsValue.Undefined, JavaScriptError.From(entry["error"])));
        }

        return results;
    }

    /// <summary>Checks that a runner can start and answer (starts one process when none is idle).</summary>
    /// <exception cref="JavaScriptRunnerUnavailableException">Node.js or the runner files are missing.</exception>
    public async Task PingAsync(CancellationToken cancellationToken = default) =>
        await SendAsync("ping", static _ => { }, "{}"u8.ToArray(), TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);

    private async Task<JsObject> SendAsync(string type, Action<JsObject> header, byte[] payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var launch = GetLaunch();
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        RunnerProcess? process = null;
        try
        {
            process = TakeOrStart(launch);
            return await process.SendAsync(type, header, payload, timeout + Options.WatchdogGrace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (process is not null)
            {
                if (process.IsHealthy && !_disposed)
                {
                    _idle.Push(process);
                }
                else
                {
                    process.Dispose();
                }
            }

            _slots.Release();
        }
    }

    private RunnerProcess TakeOrStart(RunnerLaunch launch)
    {
        while (_idle.TryPop(out var idle))
        {
            if (idle.IsHealthy)
            {
                return idle;
            }

            idle.Dispose();
        }

        try
        {
            var process = RunnerProcess.Start(launch);
            Interlocked.Increment(ref _started);
            return process;
        }
        catch (Win32Exception e)
        {
            throw NodeMissing(launch.NodeExecutable, e);
        }
    }

    private RunnerLaunch GetLaunch()
    {
        if (_launch is { } ready)
        {
            return ready;
        }

        lock (_launchLock)
        {
            return _launch ??= PrepareLaunch();
        }
    }

    private RunnerLaunch PrepareLaunch()
    {
        var directory = RunnerLocator.Find(Options.RunnerDirectory);
        if (directory is null || !File.Exists(Path.Combine(directory, "runner.js")))
        {
            throw new JavaScriptRunnerUnavailableException(
                "JavaScript (Code nodes and advanced expressions) is unavailable: the runner folder with runner.js was not found" +
                (directory is null ? string.Empty : $" at '{directory}'") +
                $". Set {JavaScriptRunnerOptions.RunnerDirectoryVariable} to the folder holding runner.js.");
        }

        if (!File.Exists(Path.Combine(directory, "node_modules", "luxon", "package.json")))
        {
            throw new JavaScriptRunnerUnavailableException(
                $"JavaScript (Code nodes and advanced expressions) is unavailable: the runner's packages are not installed in '{directory}'. " +
                $"Run `npm ci --prefix \"{directory}\"`.");
        }

        var major = ProbeNodeMajorVersion(Options.NodeExecutable);
        if (major < 20)
        {
            throw new JavaScriptRunnerUnavailableException(
                $"JavaScript (Code nodes and advanced expressions) needs Node.js 20 or later; '{Options.NodeExecutable}' is version {major}. " +
                $"Install a newer Node.js or point {JavaScriptRunnerOptions.NodePathVariable} at one.");
        }

        var args = new List<string>
        {
            $"--max-old-space-size={Options.MemoryLimitMb}",
            "--disallow-code-generation-from-strings",
            "--no-warnings",
        };
        if (Options.UsePermissionModel)
        {
            // Node's permission model: even code that escaped the vm sandbox cannot write files, read outside the
            // runner folder, start processes or load native add-ons. Node 23.5 renamed the flag.
            args.Add(major >= 23 ? "--permission" : "--experimental-permission");
            args.Add($"--allow-fs-read={directory}");
        }

        args.Add(Path.Combine(directory, "runner.js"));
        var environment = new Dictionary<string, string>
        {
            ["TZ"] = Options.ProcessTimeZone,
            [JavaScriptRunnerOptions.AllowModulesVariable] = string.Join(',', Options.AllowedModules),
        };
        return new RunnerLaunch(Options.NodeExecutable, directory, args, environment);
    }

    private static int ProbeNodeMajorVersion(string node)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(node, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            }) ?? throw NodeMissing(node, null);
            var text = probe.StandardOutput.ReadToEnd().Trim();
            if (!probe.WaitForExit(10_000))
            {
                probe.Kill();
            }

            var digits = text.TrimStart('v').Split('.')[0];
            return int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var major) ? major : 0;
        }
        catch (Win32Exception e)
        {
            throw NodeMissing(node, e);
        }
    }

    private static JavaScriptRunnerUnavailableException NodeMissing(string node, Exception? inner) => new(
        $"JavaScript (Code nodes and advanced expressions) needs Node.js 20 or later, which was not found (tried '{node}'). " +
        $"Install Node.js or set {JavaScriptRunnerOptions.NodePathVariable} to its executable; other nodes keep working.",
        inner);

    /// <summary>Stops every runner process.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_idle.TryPop(out var process))
        {
            process.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
