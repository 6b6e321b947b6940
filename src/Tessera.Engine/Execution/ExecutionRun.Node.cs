using System.Diagnostics;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Execution;

// Running one node: settings (disabled, executeOnce, alwaysOutputData, onError), the pipeline, run data and events.
internal sealed partial class ExecutionRun
{
    private async ValueTask<Outcome> RunNodeAsync(ReadyNode ready, CancellationToken token)
    {
        var node = _graph.Find(ready.Node)!;
        var nodeType = _engine.NodeTypes.Find(node.Type)!;
        var runIndex = _runData.RunCount(node.Name);
        var inputs = new IReadOnlyList<Item>[ready.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = ready.Inputs[i] ?? [];
        }

        if (++_nodeRuns > _engine.Options.MaxNodeRuns)
        {
            var loop = new NodeError
            {
                Message = $"The execution ran {_engine.Options.MaxNodeRuns:N0} node runs and was stopped as a runaway loop (last node \"{node.Name}\").",
                Description = "Check that every loop in the workflow has an exit (e.g. Loop Over Items' done output or an If).",
                Name = "WorkflowLoopError",
                Node = node.Name,
            };
            return await FailAsync(node, runIndex, inputs, ready.Source, _info.Time.GetUtcNow(), 0, loop).ConfigureAwait(false);
        }

        var startTime = _info.Time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        if (_history is not null && _history.TryGetValue((node.Name, runIndex), out var recorded))
        {
            return Replay(node, runIndex, inputs, ready.Source, startTime, recorded);
        }

        // Pipelined commits (docs/storage.md): what came before must be stored before a node that can touch the
        // outside world starts, so a crash never re-runs its predecessors and feeds it different data the second time.
        var pure = node.IsDisabled || nodeType.Description.SideEffectFree;
        if (_journaling && !pure)
        {
            await _options.Journal.FlushAsync(_info.Id, token).ConfigureAwait(false);
        }

        await AppendAsync(new NodeStarted { ExecutionId = _info.Id, Node = node.Name, RunIndex = runIndex }, true, token).ConfigureAwait(false);

        IReadOnlyList<IReadOnlyList<Item>> outputs;
        var attempts = 1;
        var fromPin = false;
        List<string>? logs = null;
        NodeError? routedError = null;
        if (node.IsDisabled)
        {
            outputs = [PassThrough(inputs.Length > 0 ? inputs[0] : [])];
        }
        else
        {
            var nodeInputs = node.ExecuteOnce == true ? FirstItemOnly(inputs) : inputs;
            var context = new NodeExecutionContext(
                _info, node, nodeType, runIndex, nodeInputs, ready.Source, _runData, StateOf(node.Name),
                _engine.Expressions, _engine.Services, token, expressionInputs: inputs, nodeStates: name => _state.GetValueOrDefault(name))
            {
                UsePinData = _options.UsePinData,
                OnRetry = (attempt, e) => AppendAsync(new NodeRetried { ExecutionId = _info.Id, Node = node.Name, RunIndex = runIndex, Attempt = attempt, Error = e.Message }, true, token),
            };
            try
            {
                var output = await _engine.Pipeline.InvokeAsync(context).ConfigureAwait(false);
                attempts = context.Attempts;
                fromPin = context.FromPinData;
                logs = context.Logs;
                if (output.Wait is { } wait)
                {
                    return await ParkAsync(node, runIndex, inputs, ready.Source, startTime, started, wait, output).ConfigureAwait(false);
                }

                outputs = output.Outputs;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                attempts = context.Attempts;
                logs = context.Logs;
                var error = ToNodeError(e, node);
                switch (node.ErrorMode)
                {
                    case OnErrorMode.ContinueRegularOutput:
                        routedError = error;
                        outputs = [ErrorItems(inputs, error, keepInput: false)];
                        break;
                    case OnErrorMode.ContinueErrorOutput:
                        routedError = error;
                        outputs = WithErrorOutput(node, nodeType, [], ErrorItems(inputs, error, keepInput: true));
                        break;
                    default:
                        return await FailAsync(node, runIndex, inputs, ready.Source, startTime, started, error, attempts, logs).ConfigureAwait(false);
                }
            }
        }

        outputs = ApplyOutputSettings(node, nodeType, inputs, outputs);
        var run = new NodeRunData
        {
            StartTime = startTime,
            ExecutionTime = Stopwatch.GetElapsedTime(started),
            Status = NodeRunStatus.Success,
            Inputs = inputs,
            Outputs = outputs,
            Source = ready.Source,
            Error = routedError,
            Attempts = attempts,
            FromPinData = fromPin,
            Logs = logs,
        };
        _runData.Add(node.Name, run);
        if (_journaling)
        {
            await AppendAsync(new NodeCompleted
            {
                ExecutionId = _info.Id,
                Node = node.Name,
                RunIndex = runIndex,
                // Outputs only: a node's inputs are its parents' outputs, which routing rebuilds on every read of the journal.
                OutputsJson = OutputsJson(outputs),
                StateJson = _state.TryGetValue(node.Name, out var state) && state.Count > 0 ? JsonCodec.Serialize(state) : null,
                DurationMs = run.ExecutionTime.TotalMilliseconds,
                ErrorJson = routedError is null ? null : JsonCodec.Serialize(routedError.ToJson()),
            }, true, token, deferred: pure).ConfigureAwait(false);
        }

        return new Outcome(OutcomeKind.Completed, outputs, null, null);
    }

    private Outcome Replay(WorkflowNode node, int runIndex, IReadOnlyList<IReadOnlyList<Item>> inputs, IReadOnlyList<NodeRunSource?> source, DateTimeOffset startTime, NodeCompleted recorded)
    {
        var outputs = ParseOutputs(recorded.OutputsJson);
        if (recorded.StateJson is { } stateJson && JsonCodec.Parse(stateJson).TryGetObject() is { } state)
        {
            _state[node.Name] = state;
        }

        _runData.Add(node.Name, new NodeRunData
        {
            StartTime = recorded.Timestamp == default ? startTime : recorded.Timestamp,
            ExecutionTime = TimeSpan.FromMilliseconds(recorded.DurationMs),
            Status = NodeRunStatus.Success,
            Inputs = inputs,
            Outputs = outputs,
            Source = source,
        });
        _sequence = Math.Max(_sequence, recorded.Sequence);
        return new Outcome(OutcomeKind.Completed, outputs, null, null);
    }

    private async ValueTask<Outcome> FailAsync(
        WorkflowNode node, int runIndex, IReadOnlyList<IReadOnlyList<Item>> inputs, IReadOnlyList<NodeRunSource?> source,
        DateTimeOffset startTime, long started, NodeError error, int attempts = 1, List<string>? logs = null)
    {
        _runData.Add(node.Name, new NodeRunData
        {
            StartTime = startTime,
            ExecutionTime = started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started),
            Status = NodeRunStatus.Error,
            Inputs = inputs,
            Source = source,
            Error = error,
            Attempts = attempts,
            Logs = logs,
        });
        await AppendAsync(new NodeFailed { ExecutionId = _info.Id, Node = node.Name, RunIndex = runIndex, ErrorJson = JsonCodec.Serialize(error.ToJson()) }, true, CancellationToken.None).ConfigureAwait(false);
        return new Outcome(OutcomeKind.Failed, null, error, null);
    }

    private async ValueTask<Outcome> ParkAsync(
        WorkflowNode node, int runIndex, IReadOnlyList<IReadOnlyList<Item>> inputs, IReadOnlyList<NodeRunSource?> source,
        DateTimeOffset startTime, long started, WaitRequest wait, NodeOutput output)
    {
        _runData.Add(node.Name, new NodeRunData
        {
            StartTime = startTime,
            ExecutionTime = Stopwatch.GetElapsedTime(started),
            Status = NodeRunStatus.Waiting,
            Inputs = inputs,
            Outputs = output.Outputs,
            Source = source,
        });
        await AppendAsync(new ExecutionWaiting
        {
            ExecutionId = _info.Id,
            Node = node.Name,
            RunIndex = runIndex,
            Kind = wait.Kind,
            Until = wait.Until,
            DetailsJson = wait.Details is null ? null : JsonCodec.Serialize(wait.Details),
            OutputsJson = _journaling ? OutputsJson(output.Outputs) : null,
        }, true, CancellationToken.None).ConfigureAwait(false);
        return new Outcome(OutcomeKind.Waiting, null, null, wait);
    }

    private JsObject StateOf(string node)
    {
        if (!_state.TryGetValue(node, out var state))
        {
            state = new JsObject();
            _state[node] = state;
        }

        return state;
    }

    private static IReadOnlyList<Item> PassThrough(IReadOnlyList<Item> items)
    {
        var result = new Item[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = new Item(items[i].Json) { Binary = items[i].Binary, Paired = PairedItems.Single(i) };
        }

        return result;
    }

    private static IReadOnlyList<Item>[] FirstItemOnly(IReadOnlyList<Item>[] inputs)
    {
        var result = new IReadOnlyList<Item>[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            result[i] = inputs[i].Count > 1 ? [inputs[i][0]] : inputs[i];
        }

        return result;
    }

    // Node-level settings applied to whatever the node returned.
    private static IReadOnlyList<IReadOnlyList<Item>> ApplyOutputSettings(WorkflowNode node, INodeType nodeType, IReadOnlyList<Item>[] inputs, IReadOnlyList<IReadOnlyList<Item>> outputs)
    {
        var input0 = inputs.Length > 0 ? inputs[0] : [];
        foreach (var output in outputs)
        {
            // n8n links outputs to the single input item automatically when a node did not say.
            if (input0.Count == 1)
            {
                foreach (var item in output)
                {
                    item.Paired ??= [new PairedItem(0)];
                }
            }
        }

        if (node.ErrorMode == OnErrorMode.ContinueErrorOutput && !node.IsDisabled)
        {
            outputs = SplitErrorItems(node, nodeType, outputs);
        }

        if (node.AlwaysOutputData == true && !node.IsDisabled && outputs.All(o => o.Count == 0))
        {
            var count = Math.Max(1, outputs.Count);
            var replaced = new IReadOnlyList<Item>[count];
            replaced[0] = [new Item(new JsObject()) { Paired = [new PairedItem(0)] }];
            for (var i = 1; i < count; i++)
            {
                replaced[i] = outputs[i];
            }

            outputs = replaced;
        }

        return outputs;
    }

    // With onError=continueErrorOutput, items a node marked as failed move to the extra error output.
    private static IReadOnlyList<IReadOnlyList<Item>> SplitErrorItems(WorkflowNode node, INodeType nodeType, IReadOnlyList<IReadOnlyList<Item>> outputs)
    {
        var regular = nodeType.Description.Outputs(node);
        if (outputs.Count > regular)
        {
            return outputs; // Already has the error output.
        }

        var errors = new List<Item>();
        var cleaned = new IReadOnlyList<Item>[outputs.Count];
        for (var o = 0; o < outputs.Count; o++)
        {
            if (!outputs[o].Any(i => i.Error is not null))
            {
                cleaned[o] = outputs[o];
                continue;
            }

            cleaned[o] = [.. outputs[o].Where(i => i.Error is null)];
            errors.AddRange(outputs[o].Where(i => i.Error is not null));
        }

        return WithErrorOutput(node, nodeType, cleaned, errors);
    }

    private static IReadOnlyList<IReadOnlyList<Item>> WithErrorOutput(WorkflowNode node, INodeType nodeType, IReadOnlyList<IReadOnlyList<Item>> outputs, IReadOnlyList<Item> errors)
    {
        var regular = nodeType.Description.Outputs(node);
        var result = new IReadOnlyList<Item>[regular + 1];
        for (var i = 0; i < regular; i++)
        {
            result[i] = i < outputs.Count ? outputs[i] : [];
        }

        result[regular] = errors;
        return result;
    }

    private static IReadOnlyList<Item> ErrorItems(IReadOnlyList<Item>[] inputs, NodeError error, bool keepInput)
    {
        var input0 = inputs.Length > 0 ? inputs[0] : [];
        if (!keepInput || input0.Count == 0)
        {
            return [new Item(new JsObject { ["error"] = error.Message }) { Paired = input0.Count > 0 ? [new PairedItem(0)] : null, Error = error }];
        }

        var items = new Item[input0.Count];
        for (var i = 0; i < input0.Count; i++)
        {
            items[i] = new Item(input0[i].Json) { Binary = input0[i].Binary, Paired = [new PairedItem(i)], Error = error };
        }

        return items;
    }

    internal static NodeError ToNodeError(Exception e, WorkflowNode node) => e switch
    {
        NodeOperationException n => new NodeError
        {
            Message = n.Message,
            Name = n.ErrorName,
            Description = n.Description,
            Node = node.Name,
            HttpCode = n.HttpCode,
            Context = n.ItemIndex is { } index ? new JsObject { ["itemIndex"] = index } : null,
        },
        ExpressionException x => new NodeError
        {
            Message = x.Message,
            Name = "ExpressionError",
            Description = x.Description ?? DescribeExpressionError(x),
            Node = node.Name,
            Context = ExpressionErrorContext(x),
        },
        WorkflowValidationException v => new NodeError { Message = v.Message, Name = "WorkflowValidationError", Node = node.Name },
        TimeoutException t => new NodeError { Message = t.Message, Name = "NodeTimeoutError", Node = node.Name },
        _ => new NodeError
        {
            Message = e.Message,
            Name = "NodeOperationError",
            Description = $"Unexpected {e.GetType().Name} in node \"{node.Name}\" ({node.Type}).",
            Node = node.Name,
        },
    };

    private static string DescribeExpressionError(ExpressionException x)
    {
        var where = x.ParameterName is null ? string.Empty : $" in parameter \"{x.ParameterName}\"";
        var at = x.Position is { } p ? $" at position {p}" : string.Empty;
        return $"The expression{where}{at} could not be evaluated.";
    }

    private static JsObject ExpressionErrorContext(ExpressionException x)
    {
        var context = new JsObject();
        if (x.ParameterName is not null)
        {
            context["parameter"] = x.ParameterName;
        }

        if (x.Expression is not null)
        {
            context["expression"] = x.Expression;
        }

        if (x.Position is { } p)
        {
            context["position"] = p;
        }

        return context;
    }
}
