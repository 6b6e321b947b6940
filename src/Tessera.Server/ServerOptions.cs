using Tessera.Storage;

namespace Tessera.Server;

/// <summary>How <c>tessera serve</c> runs: where it listens, where it keeps state, where the UI lives.</summary>
public sealed class ServerOptions
{
    /// <summary>Parses a log format name (<c>text</c> or <c>json</c>, any case; empty is text) given by <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOperationException">Another name; the message names the source and the two choices.</exception>
    public static Operations.ServerLogFormat ParseLogFormat(string? text, string source) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => Operations.ServerLogFormat.Text,
        "json" => Operations.ServerLogFormat.Json,
        _ => throw new InvalidOperationException($"{source} is \"{text}\"; use \"text\" (the default) or \"json\"."),
    };

    /// <summary>The interface to bind. Default 127.0.0.1: exposing Tessera beyond this machine is an explicit choice.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (tests). Default 5678, as n8n.</summary>
    public int Port { get; set; } = 5678;

    /// <summary>The database. Default: from the environment (<c>TESSERA_DATABASE_URL</c>, else SQLite in <c>TESSERA_DATA_DIR</c> or <c>~/.tessera</c>).</summary>
    public StorageOptions Storage { get; set; } = StorageOptions.FromEnvironment();

    /// <summary>The built web UI (index.html and assets). Default: <c>wwwroot</c> beside the server assembly, when present.</summary>
    public string? WebRoot { get; set; }

    /// <summary>Load the example workflows into an empty database on first start. Default true.</summary>
    public bool LoadExamples { get; set; } = true;

    /// <summary>The folder holding the example workflows. Default: <c>examples</c> beside the assembly or in the repository.</summary>
    public string? ExamplesDirectory { get; set; }

    /// <summary>The clock for schedules, sessions and audit stamps.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Largest request body accepted, in bytes (webhooks and API). Default 16 MiB, as n8n's N8N_PAYLOAD_SIZE_MAX.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a browser session lasts after sign-in. Default 7 days.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Creates the owner with this email on a new instance (the CLI reads <c>TESSERA_ADMIN_EMAIL</c>); null: the first visitor creates it.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>The owner's password with <see cref="AdminEmail"/> (the CLI reads <c>TESSERA_ADMIN_PASSWORD</c>).</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Limits of the execution queue; null reads them from the environment (<c>TESSERA_CONCURRENCY</c> and friends).</summary>
    public Execution.ExecutionQueueOptions? Queue { get; set; }

    /// <summary>
    /// Retention the server applies in the background; null reads <c>TESSERA_EXECUTIONS_MAX_AGE</c> and
    /// <c>TESSERA_EXECUTIONS_MAX_COUNT</c> at start. An empty policy (the default) never deletes anything.
    /// </summary>
    public Tessera.Storage.Durable.RetentionPolicy? Retention { get; set; }

    /// <summary>How often the retention policy runs; null reads <c>TESSERA_EXECUTIONS_PRUNE_INTERVAL</c> at start (default 1 hour).</summary>
    public TimeSpan? PruneInterval { get; set; }

    /// <summary>Last-word service registrations (tests replace services such as the credential provider here).</summary>
    internal Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Where log lines go; null writes nothing (tests), the CLI passes the console.</summary>
    public TextWriter? Log { get; set; }

    /// <summary>Plain lines or one JSON object per line; null reads <c>TESSERA_LOG_FORMAT</c> (<c>text</c>, the default, or <c>json</c>).</summary>
    public Operations.ServerLogFormat? LogFormat { get; set; }

    /// <summary>
    /// How long running executions may take to finish when the server stops before they are parked for the next
    /// start; null reads <c>TESSERA_SHUTDOWN_TIMEOUT</c> (seconds, default 30).
    /// </summary>
    public TimeSpan? ShutdownTimeout { get; set; }

    /// <summary>Serve <c>/metrics</c> without credentials; null reads <c>TESSERA_METRICS_PUBLIC</c> (default false: an admin's API key or session).</summary>
    public bool? MetricsPublic { get; set; }

    /// <summary>A copy with another log writer (the JSON log format wraps the caller's).</summary>
    internal ServerOptions WithLog(TextWriter? log)
    {
        var copy = (ServerOptions)MemberwiseClone();
        copy.Log = log;
        return copy;
    }

    /// <summary>Reads the unset operations settings from the environment, so a bad value fails the start with a clear message.</summary>
    internal void ResolveOperations()
    {
        ShutdownTimeout ??= Operations.OperationsEnvironment.ShutdownTimeout();
        MetricsPublic ??= Operations.OperationsEnvironment.MetricsPublic();
        LogFormat ??= Operations.OperationsEnvironment.LogFormat();
        try
        {
            Retention ??= Tessera.Storage.Durable.RetentionPolicy.FromEnvironment();
            PruneInterval ??= Executions.RetentionService.ReadInterval();
        }
        catch (FormatException e)
        {
            // Before anything starts, like the settings above: not as a background service failing after start-up.
            throw new InvalidOperationException(e.Message, e);
        }
    }
}
