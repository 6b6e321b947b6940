using System.Diagnostics;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Engine.JavaScript;

/// <summary>
/// One Node.js runner process. Runs one task at a time (the pool leases it); any failure mid-task (timeout, crash,
/// cancellation) kills it so the pool starts a fresh one rather than reusing a process in an unknown state.
/// </summary>
internal sealed class RunnerProcess : IDisposable
{
    private const int StderrLines = 40;
    private static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(5);
    private readonly Process _process;
    private readonly Queue<string> _stderr = new();
    private readonly ManualResetEventSlim _stderrClosed = new();
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private long _nextId;
    private bool _disposed;
    private volatile bool _killed;

    private RunnerProcess(Process process)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
    }

    /// <summary>False once the process failed or exited; the pool then discards it.</summary>
    public bool IsHealthy => !_disposed && !_killed && !HasExited;

    private bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public static RunnerProcess Start(RunnerLaunch launch)
    {
        var psi = new ProcessStartInfo(launch.NodeExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = launch.RunnerDirectory,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in launch.Arguments)
        {
            psi.ArgumentList.Add(arg);
        }

        // The runner sees no secrets from our environment: only what it needs.
        psi.Environment.Clear();
        foreach (var (key, value) in launch.Environment)
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.Start();
        var runner = new RunnerProcess(process);
        process.ErrorDataReceived += (_, e) => runner.OnStderr(e.Data);
        process.BeginErrorReadLine();
        return runner;
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            _stderrClosed.Set();
            return;
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line);
            while (_stderr.Count > StderrLines)
            {
                _stderr.Dequeue();
            }
        }
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            return string.Join('\n', _stderr);
        }
    }

    /// <summary>Sends a task and waits for its answer, killing the process when <paramref name="watchdog"/> passes.</summary>
    public async Task<JsObject> SendAsync(string type, Action<JsObject> header, ReadOnlyMemory<byte> payload, TimeSpan watchdog, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = ++_nextId;
        var head = new JsObject { ["id"] = id, ["type"] = type };
        header(head);
        var headBytes = Encoding.UTF8.GetBytes(JsonCodec.Serialize(head) + "\n");
        var body = new byte[headBytes.Length + payload.Length];
        headBytes.CopyTo(body, 0);
        payload.CopyTo(body.AsMemory(headBytes.Length));

        // A fresh process still has to boot Node and compile the sandbox before it reads the first task.
        using var timeout = new CancellationTokenSource(_nextId == 1 ? watchdog + StartupAllowance : watchdog);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        byte[]? frame;
        try
        {
            await RunnerFraming.WriteAsync(_stdin, body, linked.Token).ConfigureAwait(false);
            frame = await RunnerFraming.ReadAsync(_stdout, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // The process is mid-task in an unknown state: stop it so the pool starts a clean one.
                Kill();
                throw new OperationCanceledException("The JavaScript task was cancelled.", e, cancellationToken);
            }

            if (timeout.IsCancellationRequested)
            {
                Kill();
                throw new JavaScriptRunnerException(
                    RunnerFailureKind.Timeout,
                    $"The JavaScript task did not finish within {watchdog.TotalSeconds:0.#} s and its runner process was stopped. " +
                    "Look for endless loops or promise chains in the code, or raise the time limit.",
                    e);
            }

            throw Failure(e);
        }

        if (frame is null)
        {
            // A cancelled task's process is killed; its pipe may then end without the read observing the token.
            if (cancellationToken.IsCancellationRequested)
            {
                Kill();
                throw new OperationCanceledException("The JavaScript task was cancelled.", cancellationToken);
            }

            throw Failure(null);
        }

        JsValue response;
        try
        {
            response = JsonCodec.Parse(frame);
        }
        catch (Exception e) when (e is JsonFormatException or InvalidOperationException)
        {
            // The process is healthy but sent something we cannot read; keep it and fail only this task.
            throw new JavaScriptRunnerException(RunnerFailureKind.Crashed, "The JavaScript runner's answer could not be read: " + e.Message, e);
        }

        if (response.TryGetObject() is not { } obj || obj["id"].AsNumber() != id)
        {
            Kill();
            throw new JavaScriptRunnerException(RunnerFailureKind.Crashed, "The JavaScript runner sent an answer that does not match the task; the process was replaced.");
        }

        return obj;
    }

    private JavaScriptRunnerException Failure(Exception? inner)
    {
        // Give the process a moment to finish writing stderr and exit so the cause (e.g. heap exhaustion) is known.
        try
        {
            // The timed wait does not wait for the stderr reader, which may still hold the last lines.
            if (_process.WaitForExit(2000))
            {
                _stderrClosed.Wait(1000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        Kill();
        var tail = StderrTail();
        if (tail.Contains("heap out of memory", StringComparison.OrdinalIgnoreCase) ||
            tail.Contains("Allocation failed", StringComparison.OrdinalIgnoreCase) ||
            tail.Contains("RangeError: Array buffer allocation", StringComparison.Ordinal))
        {
            return new JavaScriptRunnerException(
                RunnerFailureKind.OutOfMemory,
                "The JavaScript code used more memory than the runner's limit and its process was stopped. " +
                "Process fewer items at a time or raise the memory limit.",
                inner);
        }

        var exit = HasExited ? $" (exit code {SafeExitCode()})" : string.Empty;
        return new JavaScriptRunnerException(
            RunnerFailureKind.Crashed,
            $"The JavaScript runner process ended unexpectedly{exit} and was replaced." + (tail.Length > 0 ? " Runner output: " + Last(tail, 600) : string.Empty),
            inner);
    }

    private int SafeExitCode()
    {
        try
        {
            return _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static string Last(string text, int length) => text.Length <= length ? text : text[^length..];

    /// <summary>Stops the process (and anything it started) at once.</summary>
    public void Kill()
    {
        // Marked at once: the signal is asynchronous, and the pool must not lease a process that is being stopped.
        _killed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        try
        {
            _process.WaitForExit(1000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}

/// <summary>How to start a runner process.</summary>
internal sealed record RunnerLaunch(
    string NodeExecutable,
    string RunnerDirectory,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment);
