using Tessera.Engine.Nodes;

namespace Tessera.Engine.Execution.Pipeline;

/// <summary>Retries a failing node per its <c>retryOnFail</c>, <c>maxTries</c> and <c>waitBetweenTries</c> settings.</summary>
internal sealed class RetryStep : INodeExecutionStep
{
    public async ValueTask<NodeOutput> InvokeAsync(NodeExecutionContext context, NodeExecutionDelegate next)
    {
        var maxTries = context.Node.EffectiveMaxTries;
        for (var attempt = 1; ; attempt++)
        {
            context.Attempts = attempt;
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < maxTries && e is not OperationCanceledException)
            {
                if (context.OnRetry is { } onRetry)
                {
                    await onRetry(attempt, e).ConfigureAwait(false);
                }
                var delay = context.Node.EffectiveWaitBetweenTries;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, context.Execution.Time, context.CancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
