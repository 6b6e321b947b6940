using Tessera.Engine.Journal;
using Tessera.Storage.Binary;
using Tessera.Storage.Executions;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The journal and projection contract every backend must meet.</summary>
public abstract class ExecutionStoreCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private IExecutionStore Store => Storage.Executions;

    private ExecutionCreated Created(string id, string? workflowId = "wf1", string mode = "manual") => new()
    {
        ExecutionId = id,
        Timestamp = Time.GetUtcNow(),
        WorkflowId = workflowId,
        WorkflowJson = """{"nodes":[],"connections":{}}""",
        Mode = mode,
    };

    private NodeCompleted Completed(string id, string node, int items = 1) => new()
    {
        ExecutionId = id,
        Timestamp = Time.GetUtcNow(),
        Node = node,
        OutputsJson = "[[" + string.Join(",", Enumerable.Range(0, items).Select(i => "{\"json\":{\"i\":" + i + "}}")) + "]]",
        DurationMs = 1.5,
    };

    [StoreFact]
    public async Task NewIdAsync_TwoProcessesOnOneDatabase_NeverHandOutTheSameId()
    {
        // Arrange: a second storage over the same database (a CLI run beside a server), small blocks so that both go
        // through many reservations, the background ones included.
        await using var other = await OpenAgainAsync();
        var first = new ExecutionIdAllocator(Storage.Database, blockSize: 10);
        var second = new ExecutionIdAllocator(other.Database, blockSize: 10);
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();

        // Act: at the same time.
        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    ids.Add(await first.NextAsync(Ct));
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    ids.Add(await second.NextAsync(Ct));
                }
            }));

        // Assert
        Assert.Equal(400, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(long.TryParse(id, out _), $"'{id}' is not a number"));
    }

    [StoreFact]
    public async Task NewIdAsync_FirstUse_StartsAtTheClockBasedIdAndCountsUp()
    {
        var clockBased = Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

        var first = long.Parse(await Store.NewIdAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        var second = long.Parse(await Store.NewIdAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(clockBased, first);
        Assert.Equal(first + 1, second);
    }

    private async Task<List<ExecutionEvent>> ReadAllAsync(string id)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in Store.ReadAsync(id, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    [StoreFact]
    public async Task CreateAsync_NewExecution_ProjectionIsRunningAtSequenceOne()
    {
        var summary = await Store.CreateAsync(Created("e1") with { ParentExecutionId = "e0" }, Ct);

        Assert.Equal("e1", summary.Id);
        Assert.Equal("wf1", summary.WorkflowId);
        Assert.Equal("manual", summary.Mode);
        Assert.Equal(ExecutionState.Running, summary.Status);
        Assert.Equal(Time.GetUtcNow(), summary.StartedAt);
        Assert.Equal("e0", summary.ParentExecutionId);
        Assert.Equal(1, summary.LastSequence);
        Assert.Null(summary.FinishedAt);
    }

    [StoreFact]
    public async Task ReadAsync_EveryEventType_RoundTripsInOrderWithSequences()
    {
        var t = Time.GetUtcNow();
        var events = new ExecutionEvent[]
        {
            Created("e1") with { TriggerItemsJson = """[{"json":{"a":1}}]""", StartNode = "Start" },
            new NodeStarted { ExecutionId = "e1", Timestamp = t, Node = "A", RunIndex = 0 },
            new NodeRetried { ExecutionId = "e1", Timestamp = t, Node = "A", Attempt = 1, Error = "boom" },
            Completed("e1", "A") with { StateJson = """{"k":1}""", ErrorJson = null },
            new ApprovalRequested { ExecutionId = "e1", Timestamp = t, Node = "B", ApprovalId = "ap1", Summary = "ok?" },
            new ExecutionWaiting { ExecutionId = "e1", Timestamp = t, Node = "B", Kind = "approval", DetailsJson = """{"approvalId":"ap1"}""" },
            new ApprovalDecided { ExecutionId = "e1", Timestamp = t, ApprovalId = "ap1", Approved = true, DecidedBy = "ann", Comment = "fine" },
            new ExecutionResumed { ExecutionId = "e1", Timestamp = t, Reason = "approval", DataJson = "[]" },
            new NodeFailed { ExecutionId = "e1", Timestamp = t, Node = "C", RunIndex = 2, ErrorJson = """{"message":"x"}""" },
            new ExecutionFinished { ExecutionId = "e1", Timestamp = t, Status = "error", FailedNode = "C", ErrorJson = """{"message":"x"}""" },
        };

        await Store.AppendAsync("e1", 0, events, Ct);
        var read = await ReadAllAsync("e1");

        Assert.Equal(events.Length, read.Count);
        // The workflow snapshot is stored apart and named by its SHA-256; the event read back carries both.
        Assert.Equal(((ExecutionCreated)events[0]) with { Sequence = 1, WorkflowSnapshot = Sha256(((ExecutionCreated)events[0]).WorkflowJson) }, read[0]);
        for (var i = 1; i < events.Length; i++)
        {
            Assert.Equal(events[i] with { Sequence = i + 1 }, read[i]);
        }
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [StoreFact]
    public async Task AppendAsync_RunsOfOneWorkflow_StoreItsSnapshotOnceAndReadItBack()
    {
        const string other = """{"nodes":[{"name":"A"}],"connections":{}}""";

        await Store.CreateAsync(Created("e1"), Ct);
        await Store.CreateAsync(Created("e2"), Ct);
        await Store.CreateAsync(Created("e3") with { WorkflowJson = other }, Ct);

        Assert.Equal(2L, Convert.ToInt64(await Target.ScalarAsync("SELECT COUNT(*) FROM workflow_snapshots"), System.Globalization.CultureInfo.InvariantCulture));
        var row = (string)(await Target.ScalarAsync("SELECT data FROM execution_events WHERE execution_id = 'e3' AND sequence = 1"))!;
        Assert.DoesNotContain("\\\"A\\\"", row);
        Assert.Contains(Sha256(other), row);
        Assert.Equal(Created("e1").WorkflowJson, ((ExecutionCreated)(await ReadAllAsync("e2"))[0]).WorkflowJson);
        Assert.Equal(other, ((ExecutionCreated)(await ReadAllAsync("e3"))[0]).WorkflowJson);
    }

    [StoreFact]
    public async Task ReadAsync_EventStoredBeforeSnapshots_ReadsItsInlineWorkflow()
    {
        // Arrange: a row as Tessera wrote it before workflow snapshots (schema 5): the workflow inline, no ref.
        await Store.CreateAsync(Created("e1"), Ct);
        var stamp = ((ExecutionCreated)(await ReadAllAsync("e1"))[0]).Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await Target.ScalarAsync(
            "UPDATE execution_events SET ref = NULL, data = '{\"type\":\"ExecutionCreated\",\"workflowId\":\"wf1\",\"workflowJson\":\"{\\\"nodes\\\":[7]}\"," +
            $"\"mode\":\"manual\",\"executionId\":\"e1\",\"sequence\":1,\"timestamp\":\"{stamp}\"}}' WHERE execution_id = 'e1'");

        var created = (ExecutionCreated)(await ReadAllAsync("e1"))[0];

        Assert.Equal("""{"nodes":[7]}""", created.WorkflowJson);
        Assert.Null(created.WorkflowSnapshot);
    }

    [StoreFact]
    public async Task AppendAsync_NodeItems_StoredAsJsonNotAsAnEscapedString()
    {
        await Store.AppendAsync("e1", 0, [Created("e1") with { TriggerItemsJson = """[{"json":{"a":"x"}}]""" }, Completed("e1", "A", items: 2)], Ct);

        var created = (string)(await Target.ScalarAsync("SELECT data FROM execution_events WHERE execution_id = 'e1' AND sequence = 1"))!;
        var completed = (string)(await Target.ScalarAsync("SELECT data FROM execution_events WHERE execution_id = 'e1' AND sequence = 2"))!;

        Assert.Contains("\"triggerItemsJson\":[{\"json\":{\"a\":\"x\"}}]", created);
        Assert.Contains("\"outputsJson\":[[{\"json\":{\"i\":0}},{\"json\":{\"i\":1}}]]", completed);
        Assert.Equal("""[[{"json":{"i":0}},{"json":{"i":1}}]]""", ((NodeCompleted)(await ReadAllAsync("e1"))[1]).OutputsJson);
    }

    [StoreFact]
    public async Task ReadAsync_NodeCompletedWithInputsAsWrittenBefore_ReadsItsOutputs()
    {
        // Tessera wrote each node's inputs beside its outputs until 2026-11; they are its parents' outputs, never read.
        await Store.AppendAsync("e1", 0, [Created("e1"), Completed("e1", "A")], Ct);
        var stamp = ((NodeCompleted)(await ReadAllAsync("e1"))[1]).Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await Target.ScalarAsync(
            "UPDATE execution_events SET data = '{\"type\":\"NodeCompleted\",\"node\":\"A\",\"runIndex\":0,\"outputsJson\":\"[[{\\\"json\\\":{\\\"i\\\":5}}]]\"," +
            $"\"inputsJson\":\"[[{{\\\"json\\\":{{}}}}]]\",\"durationMs\":1,\"executionId\":\"e1\",\"sequence\":2,\"timestamp\":\"{stamp}\"}}' WHERE execution_id = 'e1' AND sequence = 2");

        var completed = (NodeCompleted)(await ReadAllAsync("e1"))[1];

        Assert.Equal("""[[{"json":{"i":5}}]]""", completed.OutputsJson);
    }

    [StoreFact]
    public async Task ReadAsync_SnapshotRowMissing_ThrowsNamingTheSnapshotInsteadOfAnEmptyWorkflow()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        await Target.ScalarAsync("DELETE FROM workflow_snapshots");

        var e = await Assert.ThrowsAsync<JournalFormatException>(() => ReadAllAsync("e1"));

        Assert.Equal(1, e.Sequence);
        Assert.Contains(Sha256(Created("e1").WorkflowJson), e.Message);
    }

    [StoreFact]
    public async Task AppendAsync_SeveralBatches_SequencesContinueWithoutGaps()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        await Store.AppendAsync("e1", 1, [Completed("e1", "A"), Completed("e1", "B")], Ct);
        await Store.AppendAsync("e1", 3, [Completed("e1", "C")], Ct);

        var read = await ReadAllAsync("e1");

        Assert.Equal([1L, 2, 3, 4], read.Select(e => e.Sequence));
        Assert.Equal(["A", "B", "C"], read.OfType<NodeCompleted>().Select(e => e.Node));
        Assert.Equal("C", (await Store.GetAsync("e1", Ct))!.LastNode);
    }

    [StoreFact]
    public async Task AppendAsync_StaleExpectedSequence_ThrowsConflictAndWritesNothing()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        await Store.AppendAsync("e1", 1, [Completed("e1", "A")], Ct);

        var ex = await Assert.ThrowsAsync<JournalConflictException>(() => Store.AppendAsync("e1", 1, [Completed("e1", "X"), Completed("e1", "Y")], Ct).AsTask());

        Assert.Equal(1, ex.Expected);
        Assert.Equal(2, ex.Actual);
        Assert.Equal(2, (await ReadAllAsync("e1")).Count);
        Assert.Equal(2, (await Store.GetAsync("e1", Ct))!.LastSequence);
    }

    [StoreFact]
    public async Task AppendAsync_TwoConcurrentAppendersAtSameSequence_ExactlyOneWins()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        await using var other = await OpenAgainAsync();
        using var start = new Barrier(2);

        async Task<bool> Append(IExecutionStore store, string node)
        {
            await Task.Yield();
            start.SignalAndWait();
            try
            {
                await store.AppendAsync("e1", 1, [Completed("e1", node + "1"), Completed("e1", node + "2"), Completed("e1", node + "3")], Ct);
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        }

        var results = await Task.WhenAll(Task.Run(() => Append(Store, "a")), Task.Run(() => Append(other.Executions, "b")));

        Assert.Single(results, r => r);
        var nodes = (await ReadAllAsync("e1")).OfType<NodeCompleted>().Select(e => e.Node).ToList();
        var winner = results[0] ? "a" : "b";
        Assert.Equal([winner + "1", winner + "2", winner + "3"], nodes);
    }

    [StoreFact]
    public async Task AppendAsync_ManyRetryingWriters_BatchesNeverInterleave()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        const int writers = 4;
        const int batchesPerWriter = 5;

        async Task Write(int writer)
        {
            for (var b = 0; b < batchesPerWriter; b++)
            {
                while (true)
                {
                    var expected = (await Store.GetAsync("e1", Ct))!.LastSequence;
                    try
                    {
                        await Store.AppendAsync("e1", expected, [Completed("e1", $"w{writer}b{b}x"), Completed("e1", $"w{writer}b{b}y")], Ct);
                        break;
                    }
                    catch (JournalConflictException)
                    {
                        await Task.Yield();
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => Write(w))));

        var completed = (await ReadAllAsync("e1")).OfType<NodeCompleted>().ToList();
        Assert.Equal(writers * batchesPerWriter * 2, completed.Count);
        for (var i = 0; i < completed.Count; i += 2)
        {
            Assert.EndsWith("x", completed[i].Node);
            Assert.Equal(completed[i].Node[..^1] + "y", completed[i + 1].Node);
        }

        Assert.Equal(Enumerable.Range(1, completed.Count + 1).Select(i => (long)i), (await ReadAllAsync("e1")).Select(e => e.Sequence));
    }

    [StoreFact]
    public async Task CreateAsync_ConcurrentCreatorsOfSameId_OneWinsOtherConflicts()
    {
        await using var other = await OpenAgainAsync();
        using var start = new Barrier(2);

        async Task<bool> Create(IExecutionStore store, string mode)
        {
            await Task.Yield();
            start.SignalAndWait();
            try
            {
                await store.CreateAsync(Created("e1", mode: mode), Ct);
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        }

        var results = await Task.WhenAll(Task.Run(() => Create(Store, "manual")), Task.Run(() => Create(other.Executions, "trigger")));

        Assert.Single(results, r => r);
        Assert.Single(await ReadAllAsync("e1"));
        Assert.Equal(results[0] ? "manual" : "trigger", (await Store.GetAsync("e1", Ct))!.Mode);
    }

    [StoreFact]
    public async Task AppendAsync_UnknownExecutionWithoutCreated_ThrowsAndWritesNothing()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendAsync("nope", 0, [Completed("nope", "A")], Ct).AsTask());

        Assert.Contains("ExecutionCreated", ex.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync("nope", Ct));
    }

    [StoreFact]
    public async Task AppendAsync_EventOfAnotherExecution_ThrowsArgumentException()
    {
        await Store.CreateAsync(Created("e1"), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("e1", 1, [Completed("e2", "A")], Ct).AsTask());
    }

    [StoreFact]
    public async Task AppendAsync_Finished_ProjectsStatusTimesAndError()
    {
        await Store.CreateAsync(Created("ok"), Ct);
        await Store.CreateAsync(Created("bad"), Ct);
        Time.Advance(TimeSpan.FromSeconds(3));
        await Store.AppendAsync("ok", 1, [Completed("ok", "A"), new ExecutionFinished { ExecutionId = "ok", Timestamp = Time.GetUtcNow(), Status = "success" }], Ct);
        await Store.AppendAsync("bad", 1, [new NodeFailed { ExecutionId = "bad", Timestamp = Time.GetUtcNow(), Node = "B", ErrorJson = """{"message":"no"}""" }, new ExecutionFinished { ExecutionId = "bad", Timestamp = Time.GetUtcNow(), Status = "error", FailedNode = "B" }], Ct);

        var ok = await Store.GetAsync("ok", Ct);
        var bad = await Store.GetAsync("bad", Ct);

        Assert.Equal(ExecutionState.Success, ok!.Status);
        Assert.Equal(Time.GetUtcNow(), ok.FinishedAt);
        Assert.Equal(Time.GetUtcNow() - TimeSpan.FromSeconds(3), ok.StartedAt);
        Assert.Equal(ExecutionState.Error, bad!.Status);
        Assert.Equal("B", bad.FailedNode);
        Assert.Equal("""{"message":"no"}""", bad.ErrorJson);
    }

    [StoreFact]
    public async Task AppendAsync_WaitingThenResumed_ParksAndUnparks()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        var until = Time.GetUtcNow().AddMinutes(5);
        await Store.AppendAsync("e1", 1, [new ExecutionWaiting { ExecutionId = "e1", Timestamp = Time.GetUtcNow(), Node = "Wait", Kind = "webhook", Until = until, DetailsJson = """{"resumeToken":"tok-1"}""" }], Ct);

        var waiting = await Store.GetAsync("e1", Ct);
        var parked = await Storage.Waits.FindByResumeTokenAsync("tok-1", Ct);
        await Store.AppendAsync("e1", 2, [new ExecutionResumed { ExecutionId = "e1", Timestamp = Time.GetUtcNow(), Reason = "webhook" }], Ct);

        Assert.Equal(ExecutionState.Waiting, waiting!.Status);
        Assert.Equal(until, waiting.WaitUntil);
        Assert.Equal("e1", parked!.ExecutionId);
        Assert.Equal("wf1", parked.WorkflowId);
        Assert.Equal("webhook", parked.Kind);
        Assert.Equal(until, parked.WakeAt);
        Assert.Null(await Storage.Waits.GetAsync("e1", Ct));
        Assert.Equal(ExecutionState.Running, (await Store.GetAsync("e1", Ct))!.Status);
    }

    [StoreFact]
    public async Task AppendAsync_LargeEvent_StoredBesideTheRowAndReadBackWhole()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        var big = Completed("e1", "Big", items: 8000);

        await Store.AppendAsync("e1", 1, [big, Completed("e1", "Small")], Ct);
        var read = await ReadAllAsync("e1");

        Assert.True(big.OutputsJson.Length > 64 * 1024);
        Assert.Equal(big with { Sequence = 2 }, read[1]);
        Assert.Equal("Small", ((NodeCompleted)read[2]).Node);
        Assert.Equal(1L, Convert.ToInt64(await Target.ScalarAsync("SELECT COUNT(*) FROM execution_payloads"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, Convert.ToInt64(await Target.ScalarAsync("SELECT COUNT(*) FROM execution_events WHERE data IS NULL"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [StoreFact]
    public async Task ListAsync_Filters_ByWorkflowStatusAndStartTime()
    {
        var t0 = Time.GetUtcNow();
        await Store.CreateAsync(Created("a", "wf1"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.CreateAsync(Created("b", "wf2"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.CreateAsync(Created("c", "wf1"), Ct);
        await Store.AppendAsync("c", 1, [new ExecutionFinished { ExecutionId = "c", Timestamp = Time.GetUtcNow(), Status = "success" }], Ct);

        var byWorkflow = await Store.ListAsync(new ExecutionQuery { WorkflowId = "wf1" }, Ct);
        var running = await Store.ListAsync(new ExecutionQuery { Statuses = [ExecutionState.Running] }, Ct);
        var window = await Store.ListAsync(new ExecutionQuery { StartedFrom = t0.AddSeconds(30), StartedBefore = t0.AddSeconds(90) }, Ct);

        Assert.Equal(["c", "a"], byWorkflow.Items.Select(e => e.Id));
        Assert.Equal(["b", "a"], running.Items.Select(e => e.Id));
        Assert.Equal(["b"], window.Items.Select(e => e.Id));
    }

    [StoreFact]
    public async Task ListAsync_Pages_NewestFirstWithCursor()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync(Created($"e{i}"), Ct);
        }

        var first = await Store.ListAsync(new ExecutionQuery { Limit = 2 }, Ct);
        var second = await Store.ListAsync(new ExecutionQuery { Limit = 2, Cursor = first.NextCursor }, Ct);
        var third = await Store.ListAsync(new ExecutionQuery { Limit = 2, Cursor = second.NextCursor }, Ct);

        Assert.Equal(["e4", "e3"], first.Items.Select(e => e.Id));
        Assert.Equal(["e2", "e1"], second.Items.Select(e => e.Id));
        Assert.Equal(["e0"], third.Items.Select(e => e.Id));
        Assert.Null(third.NextCursor);
    }

    [StoreFact]
    public async Task ListRunningAsync_AfterMixedOutcomes_ReturnsOnlyRunning()
    {
        await Store.CreateAsync(Created("run"), Ct);
        await Store.CreateAsync(Created("wait"), Ct);
        await Store.CreateAsync(Created("done"), Ct);
        await Store.CreateAsync(Created("cancel"), Ct);
        await Store.AppendAsync("wait", 1, [new ExecutionWaiting { ExecutionId = "wait", Timestamp = Time.GetUtcNow(), Node = "W", Kind = "timer", Until = Time.GetUtcNow().AddHours(1) }], Ct);
        await Store.AppendAsync("done", 1, [new ExecutionFinished { ExecutionId = "done", Timestamp = Time.GetUtcNow(), Status = "success" }], Ct);
        await Store.AppendAsync("cancel", 1, [new ExecutionCancelled { ExecutionId = "cancel", Timestamp = Time.GetUtcNow(), Reason = "user" }], Ct);

        var running = await Store.ListRunningAsync(Ct);

        Assert.Equal(["run"], running.Select(e => e.Id));
        Assert.Equal(ExecutionState.Canceled, (await Store.GetAsync("cancel", Ct))!.Status);
    }

    [StoreFact]
    public async Task DeleteAsync_Execution_RemovesJournalWaitAndBinaryReferences()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        await Store.AppendAsync("e1", 1, [new ExecutionWaiting { ExecutionId = "e1", Timestamp = Time.GetUtcNow(), Node = "W", Kind = "timer", Until = Time.GetUtcNow() }], Ct);
        var blob = await Storage.BinaryData.PutAsync(new byte[] { 1, 2, 3 }, Ct);
        await Storage.BinaryData.AddReferenceAsync(blob, "e1", Ct);

        var deleted = await Store.DeleteAsync("e1", Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        var swept = await Storage.BinaryData.DeleteUnreferencedAsync(Time.GetUtcNow(), Ct);

        Assert.True(deleted);
        Assert.False(await Store.DeleteAsync("e1", Ct));
        Assert.Null(await Store.GetAsync("e1", Ct));
        Assert.Empty(await ReadAllAsync("e1"));
        Assert.Null(await Storage.Waits.GetAsync("e1", Ct));
        Assert.Equal(1, swept);
    }

    [StoreFact]
    public async Task RebuildProjectionAsync_TamperedProjection_RestoredFromJournal()
    {
        await Store.CreateAsync(Created("e1"), Ct);
        await Store.AppendAsync("e1", 1, [Completed("e1", "A"), new ExecutionWaiting { ExecutionId = "e1", Timestamp = Time.GetUtcNow(), Node = "W", Kind = "webhook", DetailsJson = """{"resumeToken":"t9"}""" }], Ct);
        var original = await Store.GetAsync("e1", Ct);
        await Target.ScalarAsync("UPDATE executions SET status = 'error', last_node = 'zzz', error = 'x' WHERE id = 'e1'");
        await Target.ScalarAsync("DELETE FROM waits");

        var rebuilt = await Store.RebuildProjectionAsync("e1", Ct);

        Assert.Equal(original, rebuilt);
        Assert.Equal(original, await Store.GetAsync("e1", Ct));
        Assert.Equal("e1", (await Storage.Waits.FindByResumeTokenAsync("t9", Ct))!.ExecutionId);
        Assert.Null(await Store.RebuildProjectionAsync("missing", Ct));
    }

    [StoreFact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync("missing", Ct));
        Assert.Empty(await ReadAllAsync("missing"));
    }
}
