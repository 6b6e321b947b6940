using Tessera.Engine.Execution;
using Tessera.Engine.Workflows;
using Tessera.Storage;
using Tessera.Storage.Durable;

namespace Tessera.Cli.Conformance;

/// <summary>
/// Runs a fixture that parks (a Wait node) through the durable execution service on a throwaway SQLite store, and
/// wakes each timed wait as the server's timer loop would, on a clock moved forward to the wait's end: n8n's own
/// harness waits these out in real time (a fixture waits 7 s and then 67 s), which a corpus run should not.
/// A wait with no time limit (a webhook that never comes) stays parked and is returned as such.
/// </summary>
internal static class TimerWaits
{
    /// <summary>Most parks one fixture may go through before it counts as waiting for good.</summary>
    private const int MaxWakes = 20;

    public static async Task<ExecutionResult> RunAsync(WorkflowEngine engine, Workflow workflow, RunOptions run, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tessera-conformance-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = new MovableClock(TimeProvider.System);
            await using var storage = await TesseraStorage.OpenAsync(new StorageOptions { DataDirectory = directory }, cancellationToken).ConfigureAwait(false);
            var service = new ExecutionService(storage, engine, new ExecutionServiceOptions { TimeProvider = clock, CommitStartAtOnce = false });
            var result = await service.RunAsync(workflow, run, cancellationToken).ConfigureAwait(false);
            for (var wakes = 0; wakes < MaxWakes && result.Status == ExecutionStatus.Waiting; wakes++)
            {
                var summary = await storage.Executions.GetAsync(result.ExecutionId, cancellationToken).ConfigureAwait(false);
                if (summary?.WaitUntil is not { } until)
                {
                    break;
                }

                clock.MoveTo(until);
                if (await service.ResumeWaitingAsync(result.ExecutionId, "timer", null, cancellationToken).ConfigureAwait(false) is not { } resumed)
                {
                    break;
                }

                result = resumed;
            }

            return result;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    /// <summary>The system clock, moved forward on request (never back).</summary>
    private sealed class MovableClock(TimeProvider inner) : TimeProvider
    {
        private long _offsetTicks;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

        /// <summary>Moves the clock so that it reads at least <paramref name="moment"/> (plus a millisecond).</summary>
        public void MoveTo(DateTimeOffset moment)
        {
            var missing = (moment - GetUtcNow()).Ticks + TimeSpan.TicksPerMillisecond;
            if (missing > 0)
            {
                Interlocked.Add(ref _offsetTicks, missing);
            }
        }
    }
}
