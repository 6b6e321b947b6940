using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Server.Executions;
using Tessera.Storage.Durable;

namespace Tessera.Server.Operations;

/// <summary>
/// Start: marks triggers registered once every hosted service (the trigger manager among them) has started.
/// Stop (SIGTERM, Ctrl+C, <see cref="TesseraServer.StopAsync"/>): readiness turns 503 and new webhook and run requests
/// get 503 with Retry-After, running executions get <see cref="ServerOptions.ShutdownTimeout"/> to finish, and the
/// rest are parked — journal flushed, left running in the store — for the next start to resume.
/// </summary>
/// <remarks>
/// It works in <see cref="StoppingAsync"/>, which the host calls before any hosted service stops, so Kestrel still
/// answers (with 503s and /readyz) during the grace period.
/// </remarks>
internal sealed partial class GracefulShutdown(
    ServerReadiness readiness,
    ExecutionService executions,
    ExecutionRunner runner,
    ServerOptions options,
    ILogger<GracefulShutdown> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    // After parking, runs need a moment to see the cancellation and write their journals.
    private static readonly TimeSpan ParkWait = TimeSpan.FromSeconds(10);

    // Runs through the durable service (trigger, manual, resumed) and the runner's own (retry, replay, fork from
    // recorded results) overlap: count each id once.
    private int Running => executions.InFlight.Union(runner.Running.Select(r => r.Id), StringComparer.Ordinal).Count();

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        readiness.TriggersRegistered();
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        readiness.ShuttingDown();
        var grace = options.ShutdownTimeout ?? OperationsEnvironment.DefaultShutdownTimeout;
        if (Running == 0)
        {
            return;
        }

        LogDraining(logger, Running, grace.TotalSeconds);
        var finished = await WaitForIdleAsync(grace, cancellationToken).ConfigureAwait(false);
        if (finished)
        {
            LogDrained(logger);
            return;
        }

        var parked = Running;
        executions.Park();
        runner.Park();
        await WaitForIdleAsync(ParkWait, CancellationToken.None).ConfigureAwait(false);
        LogParked(logger, parked, Running);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> WaitForIdleAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = options.Time.GetUtcNow() + limit;
        while (Running > 0)
        {
            if (options.Time.GetUtcNow() >= deadline || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                await Task.Delay(Poll, options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Shutting down: waiting up to {GraceSeconds} s for {Running} running execution(s) (TESSERA_SHUTDOWN_TIMEOUT).")]
    private static partial void LogDraining(ILogger logger, int running, double graceSeconds);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Running executions finished; stopping.")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Parked {Parked} execution(s) still running after the grace period; the next start resumes them ({Left} did not stop in time).")]
    private static partial void LogParked(ILogger logger, int parked, int left);
}
