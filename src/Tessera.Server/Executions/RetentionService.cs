using System.Globalization;
using Microsoft.Extensions.Hosting;
using Tessera.Server.Triggers;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Durable;

namespace Tessera.Server.Executions;

/// <summary>
/// Applies the execution retention policy (<c>TESSERA_EXECUTIONS_MAX_AGE</c>, <c>TESSERA_EXECUTIONS_MAX_COUNT</c>) while
/// the server runs: once at start-up, then every <see cref="ServerOptions.PruneInterval"/>. Nothing is pruned unless a
/// limit is set, so an unconfigured server never deletes history. Each pass deletes in small batches
/// (<see cref="ExecutionService.PruneAsync"/>) and writes one <c>executions.pruned</c> audit entry when it deleted anything.
/// </summary>
internal sealed class RetentionService(ExecutionService executions, TesseraStorage storage, ServerOptions options, ServerLog log) : BackgroundService
{
    /// <summary>Environment variable: how often the server prunes ("1h" by default; same units as the age).</summary>
    public const string IntervalVariable = "TESSERA_EXECUTIONS_PRUNE_INTERVAL";

    private int _passes;

    /// <summary>Prune passes finished (tests wait on it).</summary>
    public int Passes => Volatile.Read(ref _passes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Both read from the environment at start (ServerOptions.ResolveOperations), so a bad value fails the start.
        var policy = options.Retention ?? new RetentionPolicy();
        if (policy.IsEmpty)
        {
            return;
        }

        var interval = options.PruneInterval ?? TimeSpan.FromHours(1);
        log.Write($"Retention: pruning finished executions every {interval} ({Describe(policy)})");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await executions.PruneAsync(policy, stoppingToken).ConfigureAwait(false);
                if (result.Deleted > 0 || result.Compacted > 0)
                {
                    var details = string.Create(CultureInfo.InvariantCulture,
                        $$"""{"deleted":{{result.Deleted}},"byAge":{{result.DeletedByAge}},"byCount":{{result.DeletedByCount}},"compacted":{{result.Compacted}}}""");
                    await storage.Audit.AppendAsync(new AuditRecord("system", AuditActions.ExecutionsPruned, DetailsJson: details), CancellationToken.None).ConfigureAwait(false);
                    log.Write($"Retention: deleted {result.Deleted} execution(s) ({result.DeletedByAge} by age, {result.DeletedByCount} by count) in {result.Batches} batch(es)");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed pass (database busy, disk full) is retried at the next interval; the server keeps serving.
                log.Write($"Retention: prune failed, retrying in {interval}: {e.Message}");
            }

            Interlocked.Increment(ref _passes);
            try
            {
                await Task.Delay(interval, options.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads <see cref="IntervalVariable"/> (default 1 hour, at least 1 second).</summary>
    /// <exception cref="FormatException">Not an interval.</exception>
    internal static TimeSpan ReadInterval()
    {
        var text = Environment.GetEnvironmentVariable(IntervalVariable);
        var interval = string.IsNullOrWhiteSpace(text) ? TimeSpan.FromHours(1) : RetentionPolicy.ParseAge(text, IntervalVariable);
        return interval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : interval;
    }

    private static string Describe(RetentionPolicy policy) =>
        string.Join(", ", new[]
        {
            policy.MaxAge is { } age ? $"older than {age}" : null,
            policy.MaxCount is { } count ? $"beyond the newest {count}" : null,
        }.Where(s => s is not null));
}
