using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Engine.Execution;

/// <summary>Writes execution results in n8n's run-data shape (<c>resultData.runData[node][run].data.main</c>).</summary>
public static class RunDataJson
{
    /// <summary>The whole result: status, timings, error and per-node runs.</summary>
    public static JsObject ToJson(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var runData = new JsObject();
        foreach (var name in result.RunData.Nodes)
        {
            var runs = new JsArray();
            foreach (var run in result.RunData[name])
            {
                runs.Add(RunToJson(run));
            }

            runData[name] = runs;
        }

        var obj = new JsObject
        {
            ["id"] = result.ExecutionId,
            ["status"] = result.Status.ToString().ToLowerInvariant(),
            ["startedAt"] = result.StartedAt.ToString("O"),
            ["stoppedAt"] = result.FinishedAt.ToString("O"),
        };
        if (result.Error is not null)
        {
            obj["error"] = result.Error.ToJson();
            obj["lastNodeExecuted"] = result.FailedNode ?? result.RunData.LastNode;
        }
        else
        {
            obj["lastNodeExecuted"] = result.RunData.LastNode;
        }

        obj["runData"] = runData;
        return obj;
    }

    /// <summary>One node run.</summary>
    public static JsObject RunToJson(NodeRunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var main = new JsArray(run.Outputs.Count);
        foreach (var output in run.Outputs)
        {
            main.Add(ItemsToJson(output));
        }

        var source = new JsArray(run.Source.Count);
        foreach (var s in run.Source)
        {
            source.Add(s is null ? JsValue.Null : new JsObject { ["previousNode"] = s.PreviousNode, ["previousNodeOutput"] = s.PreviousNodeOutput, ["previousNodeRun"] = s.PreviousNodeRun });
        }

        var obj = new JsObject
        {
            ["startTime"] = run.StartTime.ToUnixTimeMilliseconds(),
            ["executionTime"] = Math.Round(run.ExecutionTime.TotalMilliseconds, 3),
            ["executionStatus"] = run.Status.ToString().ToLowerInvariant(),
            ["source"] = source,
            ["data"] = new JsObject { ["main"] = main },
        };
        if (run.Error is not null)
        {
            obj["error"] = run.Error.ToJson();
        }

        if (run.Attempts > 1)
        {
            obj["attempts"] = run.Attempts;
        }

        if (run.Logs is { Count: > 0 } logs)
        {
            obj["logs"] = new JsArray(logs.Select(l => (JsValue)l));
        }

        return obj;
    }

    /// <summary>Items as n8n item JSON.</summary>
    public static JsArray ItemsToJson(IReadOnlyList<Item> items)
    {
        var array = new JsArray(items.Count);
        foreach (var item in items)
        {
            array.Add(item.ToJson());
        }

        return array;
    }
}
