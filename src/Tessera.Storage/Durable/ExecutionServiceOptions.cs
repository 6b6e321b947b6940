using Tessera.Engine.Journal;

namespace Tessera.Storage.Durable;

/// <summary>How an <see cref="ExecutionService"/> records, resumes and reports executions.</summary>
public sealed class ExecutionServiceOptions
{
    /// <summary>
    /// Called for every journal event once it is accepted: node completions, failures, waits and finishes after the store
    /// committed them; <c>NodeStarted</c>/<c>NodeRetried</c> (committed with the next of those), unsaved runs and runs with
    /// <c>saveExecutionProgress: false</c> as soon as the engine produces them.
    /// Hosts stream it as live progress (SSE). Runs on the execution's thread: keep it short and never throw.
    /// </summary>
    public Action<ExecutionEvent>? OnEvent { get; set; }

    /// <summary>Clock for runs, timers and retention. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Base of the URL that resumes a webhook wait (<c>$execution.resumeUrl</c> is this plus <c>/&lt;resume token&gt;</c>).
    /// Default: <c>http://localhost:5678/webhook-waiting</c>, n8n's default shape.
    /// </summary>
    public string ResumeUrlBase { get; set; } = "http://localhost:5678/webhook-waiting";

    /// <summary>The name this process claims timers under (leases name their holder). Default: host name and process id.</summary>
    public string Claimant { get; set; } = $"{System.Environment.MachineName}:{System.Environment.ProcessId}";

    /// <summary>How long a timer claim lasts before another poller may take the execution over. Default: 5 minutes.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most timers claimed in one poll. Default: 50.</summary>
    public int TimerBatchSize { get; set; } = 50;

    /// <summary>
    /// False runs without recording anything (the CLI's <c>--no-save</c>): events still reach <see cref="OnEvent"/>,
    /// but a waiting run cannot be resumed later. Default: true.
    /// </summary>
    public bool Save { get; set; } = true;

    /// <summary>
    /// True (default): a run's <c>ExecutionCreated</c> is committed before its first node starts, so its id can be
    /// handed out and looked up at once (the server, which answers with the id while the run goes on). False: it
    /// rides along with the first commit the run makes anyway (before any node with side effects starts, and at the
    /// latest when the run parks or ends), saving a commit per run; a crash before that commit leaves no trace of a
    /// run that had not touched the outside world. For callers that report the id only when the run ends (the CLI).
    /// </summary>
    public bool CommitStartAtOnce { get; set; } = true;

    /// <summary>
    /// What to keep when a workflow's settings say <c>DEFAULT</c> or nothing. Read from the environment by
    /// <see cref="SaveDefaults.FromEnvironment"/>; all "keep" unless changed.
    /// </summary>
    public SaveDefaults SaveDefaults { get; set; } = new();

    /// <summary>
    /// Secret that signs resume tokens (so a resume URL cannot be guessed from an execution id). Null: a random key kept
    /// in the database on first use, shared by every process on the same database.
    /// </summary>
    public byte[]? ResumeSecret { get; set; }

    /// <summary>Environment variables visible to <c>$env</c> in runs this service starts or resumes.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; set; }
}

/// <summary>Defaults for the workflow settings that decide what is kept (n8n's <c>EXECUTIONS_DATA_SAVE_*</c>).</summary>
public sealed record SaveDefaults
{
    /// <summary>Keep successful executions (<c>saveDataSuccessExecution</c>). Default true.</summary>
    public bool SaveSuccess { get; init; } = true;

    /// <summary>Keep failed and cancelled executions (<c>saveDataErrorExecution</c>). Default true.</summary>
    public bool SaveError { get; init; } = true;

    /// <summary>Keep manual executions (<c>saveManualExecutions</c>). Default true.</summary>
    public bool SaveManual { get; init; } = true;

    /// <summary>
    /// Write every node's result as it completes (<c>saveExecutionProgress</c>). Default true: Tessera is durable by
    /// default, unlike n8n, so a crash resumes after the last completed node. False buffers the journal in memory and
    /// writes it once at the end (or when the run parks); a crash then loses the run.
    /// </summary>
    public bool SaveProgress { get; init; } = true;

    /// <summary>
    /// Reads <c>EXECUTIONS_DATA_SAVE_ON_SUCCESS</c>, <c>EXECUTIONS_DATA_SAVE_ON_ERROR</c> ("all"/"none"),
    /// <c>EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS</c> and <c>EXECUTIONS_DATA_SAVE_ON_PROGRESS</c> ("true"/"false").
    /// </summary>
    public static SaveDefaults FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= System.Environment.GetEnvironmentVariable;
        var defaults = new SaveDefaults();
        return defaults with
        {
            SaveSuccess = getVariable("EXECUTIONS_DATA_SAVE_ON_SUCCESS") is { } s ? !s.Equals("none", StringComparison.OrdinalIgnoreCase) : defaults.SaveSuccess,
            SaveError = getVariable("EXECUTIONS_DATA_SAVE_ON_ERROR") is { } e ? !e.Equals("none", StringComparison.OrdinalIgnoreCase) : defaults.SaveError,
            SaveManual = getVariable("EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS") is { } m ? !m.Equals("false", StringComparison.OrdinalIgnoreCase) : defaults.SaveManual,
            SaveProgress = getVariable("EXECUTIONS_DATA_SAVE_ON_PROGRESS") is { } p ? !p.Equals("false", StringComparison.OrdinalIgnoreCase) : defaults.SaveProgress,
        };
    }
}
