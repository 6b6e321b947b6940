using System.Diagnostics;
using System.Text;
using Tessera.Engine.Journal;
using Tessera.Storage;

namespace Tessera.Cli.Tests.Durability;

/// <summary>A temp data directory and the real CLI run against it (TESSERA_DATA_DIR), as separate processes.</summary>
internal sealed class DurableCli : IAsyncDisposable
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "tessera-cli-durable", Guid.NewGuid().ToString("n"));

    /// <summary>What the started (killed) processes printed, for failure messages.</summary>
    public StringBuilder Log { get; } = new();

    public Process Start(params string[] args)
    {
        lock (Log)
        {
            Log.AppendLine("$ tessera " + string.Join(' ', args));
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tessera.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TESSERA_DATA_DIR"] = DataDirectory;
        start.Environment.Remove("TESSERA_DATABASE_URL");
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (Log) { Log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (Log) { Log.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tessera.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TESSERA_DATA_DIR"] = DataDirectory;
        start.Environment.Remove("TESSERA_DATABASE_URL");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Opens the store the CLI writes (another process, as a monitoring tool would).</summary>
    public Task<TesseraStorage> OpenAsync() => TesseraStorage.OpenAsync(new StorageOptions { DataDirectory = DataDirectory });

    public async Task<List<ExecutionEvent>> JournalAsync(string executionId)
    {
        await using var storage = await OpenAsync();
        var events = new List<ExecutionEvent>();
        await foreach (var e in storage.Executions.ReadAsync(executionId, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Trigger, then <paramref name="count"/> nodes in a line: Set nodes counting <c>n</c>, every fourth a short in-process Wait.</summary>
    public static string LongWorkflow(int count, double waitSeconds)
    {
        var nodes = new StringBuilder("""{"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}}""");
        var connections = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            nodes.Append(',');
            nodes.Append(i % 4 == 0
                ? """{"name":"NAME","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[0,0],"parameters":{"resume":"timeInterval","amount":SECONDS,"unit":"seconds"}}""".Replace("SECONDS", waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                : """{"name":"NAME","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[0,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"n","value":"={{ ($json.n ?? 0) + 1 }}","type":"number"},{"id":"b","name":"last","value":"NAME","type":"string"}]},"includeOtherFields":true,"options":{}}}""");
            nodes.Replace("NAME", $"N{i}");
            connections.Append(i == 1 ? string.Empty : ",").Append($"\"{(i == 1 ? "Start" : $"N{i - 1}")}\":{{\"main\":[[{{\"node\":\"N{i}\",\"type\":\"main\",\"index\":0}}]]}}");
        }

        return "{\"name\":\"long\",\"nodes\":[" + nodes + "],\"connections\":{" + connections + "},\"settings\":{\"executionOrder\":\"v1\"}}";
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still be releasing the file; the temp cleaner gets it.
        }

        return ValueTask.CompletedTask;
    }
}
