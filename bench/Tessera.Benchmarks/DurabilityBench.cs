using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tessera.Engine.Execution;
using Tessera.Engine.Journal;
using Tessera.Engine.Workflows;
using Tessera.Nodes;
using Tessera.Storage;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;

namespace Tessera.Benchmarks;

/// <summary>
/// Stopwatch figures for durability (docs/benchmarks.md, "Durability"): journal appends single and batched, the cost
/// of journaling a 10-node run, and listing executions at a million rows.
/// Run: dotnet run -c Release --project bench/Tessera.Benchmarks -- durability [rows] [appends|overhead]   (TESSERA_TEST_POSTGRES adds PostgreSQL;
/// TESSERA_BENCH_DURABLE_ONLY=<seconds> with "overhead" loops durable runs only, for a profiler; TESSERA_BENCH_DURABLE_ITEMS=1
/// makes them the 100-item runs)
/// </summary>
internal static class DurabilityBench
{
    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;

        // An optional third argument runs one part alone (for profiling): appends or overhead.
        var only = args.Length > 2 ? args[2] : null;
        if (only is null or "appends")
        {
            await AppendsAsync("sqlite", null);
            if (Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES") is { } pg)
            {
                await AppendsAsync("postgres", pg);
            }
        }

        if (only is null or "overhead")
        {
            await OverheadAsync();
        }

        if (only is not null)
        {
            return;
        }
        if (rows > 0)
        {
            await ListingAsync(rows);
        }
    }

    private static async Task<(TesseraStorage Storage, string Where)> OpenAsync(string backend, string? pg)
    {
        if (pg is null)
        {
            var dir = Path.Combine(Path.GetTempPath(), "tessera-durability-" + Guid.NewGuid().ToString("N"));
            return (await TesseraStorage.OpenAsync(new StorageOptions { DataDirectory = dir }), dir);
        }

        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(pg))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = new NpgsqlConnectionStringBuilder(pg) { SearchPath = schema }.ConnectionString };
        return (await TesseraStorage.OpenAsync(options), schema);
    }

    private static async Task AppendsAsync(string backend, string? pg)
    {
        var (storage, _) = await OpenAsync(backend, pg);
        await using var _s = storage;
        var outputs = "[[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"{{\"json\":{{\"id\":{i},\"name\":\"item {i}\",\"ok\":true}}}}")) + "]]";
        foreach (var batch in new[] { 1, 10, 100, 500 })
        {
            var id = "bench-" + Guid.NewGuid().ToString("N");
            await storage.Executions.CreateAsync(new ExecutionCreated { ExecutionId = id, WorkflowJson = "{}", Mode = "manual", Timestamp = DateTimeOffset.UtcNow }, CancellationToken.None);
            long sequence = 1;
            var total = batch == 1 ? 2_000 : 20_000;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var done = 0; done < total; done += batch)
            {
                var events = new ExecutionEvent[batch];
                for (var i = 0; i < batch; i++)
                {
                    events[i] = new NodeCompleted { ExecutionId = id, Timestamp = DateTimeOffset.UtcNow, Node = "Set", RunIndex = (int)(sequence + i), OutputsJson = outputs, DurationMs = 0.2 };
                }

                await storage.Executions.AppendAsync(id, sequence, events, CancellationToken.None);
                sequence += batch;
            }

            clock.Stop();
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;

            // Per CPU-second too: on a shared, overloaded machine wall time mostly measures the queue for a core.
            Console.WriteLine($"append {backend} batch={batch,3}: {total / clock.Elapsed.TotalSeconds,10:N0} events/s wall, {total / used.TotalSeconds,10:N0} events per CPU-second ({total} events, {clock.Elapsed.TotalMilliseconds:N0} ms)");
        }

        // Many executions appending one event at a time together: what a busy server does, and what group commit is for.
        foreach (var writers in new[] { 16, 64 })
        {
            const int perWriter = 200;
            var ids = Enumerable.Range(0, writers).Select(_ => "bench-" + Guid.NewGuid().ToString("N")).ToArray();
            foreach (var id in ids)
            {
                await storage.Executions.CreateAsync(new ExecutionCreated { ExecutionId = id, WorkflowJson = "{}", Mode = "manual", Timestamp = DateTimeOffset.UtcNow }, CancellationToken.None);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(id => Task.Run(async () =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    await storage.Executions.AppendAsync(id, i + 1, [new NodeCompleted { ExecutionId = id, Timestamp = DateTimeOffset.UtcNow, Node = "Set", RunIndex = i, OutputsJson = outputs, DurationMs = 0.2 }], CancellationToken.None);
                }
            })));
            clock.Stop();
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var total = writers * perWriter;
            Console.WriteLine($"append {backend} {writers} concurrent executions, 1 event per append: {total / clock.Elapsed.TotalSeconds,10:N0} events/s wall, {total / used.TotalSeconds,10:N0} events per CPU-second ({total} events, {clock.Elapsed.TotalMilliseconds:N0} ms)");
        }
    }

    private static async Task OverheadAsync()
    {
        var engine = TesseraEngineFactory.Create();
        var (storage, where) = await OpenAsync("sqlite", null);
        await using var _s = storage;
        var workflow = TenSets(null);
        var buffered = TenSets("\"saveExecutionProgress\":false,");
        // As `tessera run` records (StorageAccess.Service); the server commits a run's start at once (see below).
        var service = new ExecutionService(storage, engine, new ExecutionServiceOptions { CommitStartAtOnce = false });
        var serverLike = new ExecutionService(storage, engine);
        const int runs = 1_000;

        async Task<double> TimeAsync(string label, Func<Task> run)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                await run();
            }

            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"  {label}: {clock.Elapsed.TotalMilliseconds * 1000 / runs:N0} µs wall, {used.TotalMilliseconds * 1000 / runs:N0} µs CPU per run");
            return clock.Elapsed.TotalMilliseconds * 1000 / runs;
        }

        // The same nodes over 100 items (objects of 5 fields): how the cost grows with the data a run carries.
        var items = Enumerable.Range(0, 100)
            .Select(i => Tessera.Engine.Items.Item.FromJson(Tessera.Engine.Data.JsonCodec.Parse($$"""{"id":{{i}},"name":"customer {{i}}","email":"c{{i}}@example.com","score":{{i % 7}},"active":true}""")))
            .ToList();

        if (Environment.GetEnvironmentVariable("TESSERA_BENCH_DURABLE_ONLY") is { } seconds)
        {
            var withItems = Environment.GetEnvironmentVariable("TESSERA_BENCH_DURABLE_ITEMS") is not null;
            // Profiling aid: durable runs only, for the given number of seconds.
            var until = Stopwatch.StartNew();
            var count = 0;
            while (until.Elapsed.TotalSeconds < double.Parse(seconds, CultureInfo.InvariantCulture))
            {
                await service.RunAsync(workflow, new RunOptions { TriggerItems = withItems ? items : null }, CancellationToken.None);
                count++;
            }

            Console.WriteLine($"{count} durable runs, {until.Elapsed.TotalMilliseconds * 1000 / count:N0} µs each");
            return;
        }

        // Each mode's overhead is printed against its baseline (the in-memory run of the same data).
        (string Label, Func<Task> Run, int Baseline)[] modes =
        [
            ("no journal (--no-save)", () => engine.RunAsync(workflow, new RunOptions()), 0),
            ("durable (tessera run)", () => service.RunAsync(workflow, new RunOptions(), CancellationToken.None), 0),
            ("durable, start committed at once (the server)", () => serverLike.RunAsync(workflow, new RunOptions(), CancellationToken.None), 0),
            ("saveExecutionProgress: false", () => service.RunAsync(buffered, new RunOptions(), CancellationToken.None), 0),
            ("100 items, no journal", () => engine.RunAsync(workflow, new RunOptions { TriggerItems = items }), 4),
            ("100 items, durable (tessera run)", () => service.RunAsync(workflow, new RunOptions { TriggerItems = items }, CancellationToken.None), 4),
        ];

        // Warm-up by time, every mode: tiered compilation promotes hot methods only after a quiet spell with no new
        // tier-0 code (100 ms), so a count-based warm-up of the cheap in-memory run measured it still at tier 0 (6x).
        foreach (var (_, run, _) in modes)
        {
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                await run();
            }
        }

        await Task.Delay(500);
        var figures = modes.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < 3; round++)
        {
            for (var m = 0; m < modes.Length; m++)
            {
                figures[m].Add(await TimeAsync(modes[m].Label, modes[m].Run));
            }
        }

        // The peer: SQLite alone writing the same rows a durable run writes (its summary row and events, as stored by
        // the last run above), one transaction per run, prepared statements on one kept connection, no Tessera code.
        var sample = (await service.RunAsync(workflow, new RunOptions(), CancellationToken.None)).ExecutionId;
        var floor = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            floor.Add(await SqliteAloneAsync(Path.Combine(where, "tessera.db"), sample, runs, round));
        }

        var medians = figures.Select(f => f.Order().ElementAt(f.Count / 2)).ToArray();
        for (var m = 0; m < modes.Length; m++)
        {
            var baseline = medians[modes[m].Baseline];
            var overhead = modes[m].Baseline == m ? string.Empty : $"  (+{(medians[m] - baseline) / baseline:P0})";
            Console.WriteLine($"10-node run, {modes[m].Label + ":",-50} {medians[m],8:N0} µs{overhead}");
        }

        var sqliteAlone = floor.Order().ElementAt(1);
        Console.WriteLine($"SQLite alone, the same rows in one transaction per run:        {sqliteAlone,8:N0} µs  (durable run minus in-memory run: {medians[1] - medians[0]:N0} µs)");

        // The same runs 16 at a time: the durable journal's commits are shared between runs (group commit).
        async Task<double> ThroughputAsync(Func<Task> run)
        {
            const int parallel = 16;
            const int each = 40;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < each; i++)
                {
                    await run();
                }
            })));
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var perRun = clock.Elapsed.TotalMilliseconds * 1000 / (parallel * each);
            Console.WriteLine($"  ({parallel * each / clock.Elapsed.TotalSeconds:N0} runs/s, {perRun:N0} µs wall and {used.TotalMilliseconds * 1000 / (parallel * each):N0} µs CPU per run)");
            return perRun;
        }

        var noneParallel = await ThroughputAsync(() => engine.RunAsync(workflow, new RunOptions()));
        var durableParallel = await ThroughputAsync(() => service.RunAsync(workflow, new RunOptions(), CancellationToken.None));
        Console.WriteLine($"16 concurrent 10-node runs, no journal:           {noneParallel,8:N0} µs per run");
        Console.WriteLine($"16 concurrent 10-node runs, durable:              {durableParallel,8:N0} µs per run  (+{(durableParallel - noneParallel) / noneParallel:P0})");
    }

    /// <summary>Re-inserts a stored run's summary row and events under new ids, one transaction per copy; µs per copy.</summary>
    private static async Task<double> SqliteAloneAsync(string path, string executionId, int copies, int round)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA synchronous = NORMAL";
            await pragmas.ExecuteNonQueryAsync();
        }

        var events = new List<object?[]>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT sequence, type, node, occurred_at, data FROM execution_events WHERE execution_id = $id ORDER BY sequence";
            read.Parameters.AddWithValue("$id", executionId);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new object?[5];
                reader.GetValues(row!);
                events.Add(row);
            }
        }

        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await using var commit = connection.CreateCommand();
        commit.CommandText = "COMMIT";
        await using var summary = connection.CreateCommand();
        summary.CommandText = "INSERT INTO executions (id, workflow_id, mode, status, started_at, finished_at, last_node, last_sequence) " +
            "SELECT $new, workflow_id, mode, status, started_at, finished_at, last_node, last_sequence FROM executions WHERE id = $id";
        var summaryNew = summary.Parameters.Add("$new", SqliteType.Text);
        summary.Parameters.AddWithValue("$id", executionId);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO execution_events (execution_id, sequence, type, node, occurred_at, data) VALUES ($e, $s, $t, $n, $o, $d)";
        var p = new[] { "$e", "$s", "$t", "$n", "$o", "$d" }.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        begin.Prepare();
        commit.Prepare();
        summary.Prepare();
        insert.Prepare();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < copies; i++)
        {
            var id = $"peer-{round}-{i}";
            await begin.ExecuteNonQueryAsync();
            summaryNew.Value = id;
            await summary.ExecuteNonQueryAsync();
            foreach (var row in events)
            {
                p[0].Value = id;
                for (var c = 0; c < 5; c++)
                {
                    p[c + 1].Value = row[c] ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync();
            }

            await commit.ExecuteNonQueryAsync();
        }

        var perCopy = clock.Elapsed.TotalMilliseconds * 1000 / copies;
        Console.WriteLine($"  SQLite alone: {perCopy:N0} µs wall per run's rows");
        return perCopy;
    }

    private static Workflow TenSets(string? extraSettings)
    {
        var nodes = new List<string> { """{"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}}""" };
        var connections = new List<string>();
        for (var i = 1; i <= 10; i++)
        {
            nodes.Add("""{"name":"NAME","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[0,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"n","value":"={{ ($json.n ?? 0) + 1 }}","type":"number"}]},"includeOtherFields":true,"options":{}}}""".Replace("NAME", $"S{i}", StringComparison.Ordinal));
            connections.Add($"\"{(i == 1 ? "Start" : $"S{i - 1}")}\":{{\"main\":[[{{\"node\":\"S{i}\",\"type\":\"main\",\"index\":0}}]]}}");
        }

        return WorkflowJson.Parse("{\"name\":\"ten\",\"nodes\":[" + string.Join(",", nodes) + "],\"connections\":{" + string.Join(",", connections) + "},\"settings\":{" + extraSettings + "\"executionOrder\":\"v1\"}}");
    }

    private static async Task ListingAsync(int rows)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-durability-list-" + rows.ToString(CultureInfo.InvariantCulture));
        var options = new StorageOptions { DataDirectory = dir };
        await using var storage = await TesseraStorage.OpenAsync(options);
        var existing = (long)(await ScalarAsync(options.DatabasePath, "SELECT COUNT(*) FROM executions"))!;
        if (existing < rows)
        {
            var seed = Stopwatch.StartNew();
            await SeedAsync(options.DatabasePath, existing, rows);
            Console.WriteLine($"seeded {rows - existing:N0} executions in {seed.Elapsed.TotalSeconds:N1} s ({dir})");
        }

        async Task Measure(string label, ExecutionQuery query, int pages = 1)
        {
            var times = new List<double>();
            for (var repeat = 0; repeat < 21; repeat++)
            {
                var clock = Stopwatch.StartNew();
                var q = query;
                for (var p = 0; p < pages; p++)
                {
                    var page = await storage.Executions.ListAsync(q, CancellationToken.None);
                    q = q with { Cursor = page.NextCursor };
                }

                times.Add(clock.Elapsed.TotalMilliseconds / pages);
            }

            times.Sort();
            Console.WriteLine($"list {rows:N0} rows, {label,-42}: median {times[times.Count / 2],7:N2} ms/page, worst {times[^1],7:N2} ms");
        }

        await Measure("first page of 50, no filter", new ExecutionQuery());
        await Measure("first page, status=error", new ExecutionQuery { Statuses = [ExecutionState.Error] });
        await Measure("first page, workflow=wf-7", new ExecutionQuery { WorkflowId = "wf-7" });
        await Measure("first page, workflow=wf-7 + status=error", new ExecutionQuery { WorkflowId = "wf-7", Statuses = [ExecutionState.Error] });
        await Measure("20 pages deep by cursor (keyset)", new ExecutionQuery(), pages: 20);
        await Measure("first page, started in the last day", new ExecutionQuery { StartedFrom = DateTimeOffset.UtcNow.AddDays(-1) });
    }

    private static async Task SeedAsync(string path, long from, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var done = from; done < rows;)
        {
            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO executions (id, workflow_id, mode, status, started_at, finished_at, last_node, last_sequence) VALUES ($id, $wf, 'trigger', $status, $started, $finished, 'Last', 24)";
            var pId = insert.Parameters.Add("$id", SqliteType.Text);
            var pWf = insert.Parameters.Add("$wf", SqliteType.Text);
            var pStatus = insert.Parameters.Add("$status", SqliteType.Text);
            var pStarted = insert.Parameters.Add("$started", SqliteType.Text);
            var pFinished = insert.Parameters.Add("$finished", SqliteType.Text);
            for (var i = 0; i < 50_000 && done < rows; i++, done++)
            {
                var at = start.AddSeconds(done * 30.0 * 86400 / rows);
                pId.Value = "seed-" + done.ToString(CultureInfo.InvariantCulture);
                pWf.Value = "wf-" + (done % 100).ToString(CultureInfo.InvariantCulture);
                pStatus.Value = done % 50 == 0 ? "error" : "success";
                pStarted.Value = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                pFinished.Value = at.AddSeconds(1).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
