using Tessera.Engine.Execution;
using Tessera.Engine.Workflows;

namespace Tessera.Server.Triggers.Webhooks;

/// <summary>
/// Test webhooks (<c>/webhook-test/…</c>): armed by the editor's "listen for test event" for one call, like n8n's.
/// The call runs the workflow as given (unsaved edits included) in manual mode and completes the arm with the result.
/// </summary>
internal sealed class TestWebhookListeners(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<Arm> _arms = [];

    /// <summary>Arms the workflow's Webhook nodes for one call within <paramref name="timeout"/>; fails with the problems when a node is unusable.</summary>
    public TestWebhookArm ArmAsync(string workflowId, string? projectId, Workflow workflow, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var registrations = WebhookRegistry.Describe(workflowId, projectId, workflow, problems);
        if (problems.Count > 0 || registrations.Count == 0)
        {
            throw new TriggerActivationException(registrations.Count == 0 && problems.Count == 0 ? ["The workflow has no Webhook node to listen with."] : problems);
        }

        var arm = new Arm(registrations);
        lock (_gate)
        {
            // A new arm of the same workflow replaces the old one, as pressing "listen" again does in n8n.
            foreach (var old in _arms.Where(a => a.Registrations[0].WorkflowId == workflowId).ToList())
            {
                _arms.Remove(old);
                old.Completion.TrySetResult(null);
            }

            _arms.Add(arm);
        }

        var timer = time.CreateTimer(_ => Disarm(arm), null, timeout, Timeout.InfiniteTimeSpan);
        var registration = cancellationToken.Register(() => Disarm(arm));
        _ = arm.Completion.Task.ContinueWith(_ => { timer.Dispose(); registration.Dispose(); }, TaskScheduler.Default);
        return new TestWebhookArm(arm.Completion.Task, () => Disarm(arm));
    }

    /// <summary>Finds and consumes the arm a request hits (one call per arm).</summary>
    public (WebhookMatch Match, TaskCompletionSource<ExecutionResult?>? Completion) Take(string method, string[] segments)
    {
        lock (_gate)
        {
            var allowed = new List<string>();
            foreach (var arm in _arms)
            {
                var match = WebhookRegistry.Find(arm.Registrations, null, method, segments);
                if (match.Registration is not null)
                {
                    _arms.Remove(arm);
                    return (match, arm.Completion);
                }

                allowed.AddRange(match.AllowedMethods);
            }

            return (new WebhookMatch(null, [], allowed.Distinct().ToList()), null);
        }
    }

    private void Disarm(Arm arm)
    {
        lock (_gate)
        {
            _arms.Remove(arm);
        }

        arm.Completion.TrySetResult(null);
    }

    private sealed class Arm(IReadOnlyList<WebhookRegistration> registrations)
    {
        public IReadOnlyList<WebhookRegistration> Registrations { get; } = registrations;

        public TaskCompletionSource<ExecutionResult?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>An armed test webhook: <see cref="Completion"/> gives the execution the call started, or null when it timed out or was cancelled.</summary>
internal sealed record TestWebhookArm(Task<ExecutionResult?> Completion, Action Cancel);
