using Microsoft.Data.Sqlite;
using Spectre.Console;
using Tessera.Engine.Execution;
using Tessera.Engine.Journal;
using Tessera.Nodes;
using Tessera.Storage;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;
using Tessera.Storage.Migrations;

namespace Tessera.Cli.Commands;

/// <summary>
/// Opens the store the environment names (<c>TESSERA_DATABASE_URL</c>, else SQLite in <c>TESSERA_DATA_DIR</c> or
/// <c>~/.tessera</c>) and turns every storage failure into a message and exit code 2 instead of a stack trace.
/// </summary>
internal static class StorageAccess
{
    public static async Task<int> WithStorageAsync(IAnsiConsole error, Func<TesseraStorage, Task<int>> action, CancellationToken ct)
    {
        try
        {
            await using var storage = await TesseraStorage.OpenFromEnvironmentAsync(ct);
            return await action(storage);
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            error.MarkupLineInterpolated($"[red]error:[/] {message}");
            return ExitCodes.BadInput;
        }
    }

    public static ExecutionService Service(TesseraStorage storage, bool save = true) =>
        new(storage, TesseraEngineFactory.Create(), new ExecutionServiceOptions
        {
            Save = save,

            // The CLI prints a run's id only when the run ends, so its start need not be a commit of its own.
            CommitStartAtOnce = false,
            SaveDefaults = SaveDefaults.FromEnvironment(),
            Environment = null,
        });

    private static string? Describe(Exception e) => e switch
    {
        StorageCorruptException or StorageVersionException or JournalFormatException or ExecutionNotFoundException => e.Message,
        JournalConflictException c => $"{c.Message} This process stopped running it; `tessera executions show {c.ExecutionId}` tells what its journal holds.",
        FormatException or ArgumentException => e.Message,
        SqliteException s when s.SqliteErrorCode is 11 or 26 => $"the database is damaged ({s.Message}); restore it from a backup.",
        Npgsql.NpgsqlException n => $"PostgreSQL ({StorageOptions.DatabaseUrlVariable}): {n.Message}",
        InvalidOperationException => e.Message,
        AggregateException a => string.Join(Environment.NewLine, a.InnerExceptions.Select(x => x.Message)),
        _ => null,
    };

    public static string StatusName(ExecutionState state) => state.ToString().ToLowerInvariant();

    public static int ExitFor(ExecutionResult result) =>
        result.Status is ExecutionStatus.Success or ExecutionStatus.Waiting ? ExitCodes.Success : ExitCodes.WorkflowFailed;
}
