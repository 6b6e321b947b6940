using System.Net;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Storage;

namespace Tessera.Server.Tests;

public sealed class FirstStartTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-first-" + Guid.NewGuid().ToString("n"));

    private string Examples => Path.Combine(_dir, "examples");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Examples);
        File.WriteAllText(Path.Combine(Examples, "a.json"), """{ "name": "Example A", "nodes": [], "connections": {} }""");
        File.WriteAllText(Path.Combine(Examples, "b.json"), """{ "name": "Broken", "nodes": 5 }""");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Pooled SQLite connections may still hold the file.
        }

        return Task.CompletedTask;
    }

    private ServerOptions Options(StringWriter log) => new()
    {
        Port = 0,
        Storage = new StorageOptions { DataDirectory = Path.Combine(_dir, "data") },
        ExamplesDirectory = Examples,
        AdminEmail = "admin@example.com",
        AdminPassword = "long enough",
        Log = log,
    };

    [Fact]
    public async Task FirstStart_LoadsExamplesIntoDefaultAndCreatesTheOwnerFromOptions_OnceOnly()
    {
        var log = new StringWriter();
        await using (var server = await TesseraServer.StartAsync(Options(log)))
        {
            using var client = Http.NewClient(server.BaseAddress);
            await client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/login", new { email = "admin@example.com", password = "long enough" });
            var list = await client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/workflows");
            var me = await client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/me");

            Assert.Equal("Example A", (string?)Assert.Single(list!["items"]!.AsArray())!["name"]);
            Assert.Equal((string?)me!["projects"]![0]!["id"], (string?)list["items"]![0]!["projectId"]);
            Assert.Equal("Default", (string?)me["projects"]![0]!["name"]);
        }

        Assert.Contains("Loaded 1 example workflow", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Skipped example b.json", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Created the admin account admin@example.com", log.ToString(), StringComparison.Ordinal);

        await using var again = await TesseraServer.StartAsync(Options(new StringWriter()));
        Assert.Single(await again.Storage.Workflows.ListAsync(new(), default));
        Assert.Equal(1, await again.Storage.Users.CountAsync(default));
        Assert.Single(await again.Storage.Projects.ListAsync(default));
    }

    [Fact]
    public async Task FirstStart_ShortAdminPassword_FailsWithAClearMessage()
    {
        var options = Options(new StringWriter());
        options.AdminPassword = "short";

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TesseraServer.StartAsync(options));

        Assert.Contains("TESSERA_ADMIN_PASSWORD", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class ResumeAtStartTests
{
    [Fact]
    public async Task Start_WithAnInterruptedExecution_ResumesItFromTheJournal()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-resume-" + Guid.NewGuid().ToString("n"));
        var storageOptions = new StorageOptions { DataDirectory = dir };
        var workflowJson = System.Text.Json.JsonSerializer.Serialize(Samples.Manual("Interrupted"));
        await using (var storage = await TesseraStorage.OpenAsync(storageOptions))
        {
            // A process died right after creating the execution: the journal says running, nothing ran.
            await storage.Executions.CreateAsync(new Engine.Journal.ExecutionCreated { ExecutionId = "crashed-1", WorkflowJson = workflowJson, Mode = "manual", Timestamp = DateTimeOffset.UtcNow }, default);
        }

        Storage.Executions.ExecutionSummary? summary = null;
        await using (var server = await TesseraServer.StartAsync(new ServerOptions { Port = 0, Storage = storageOptions, LoadExamples = false }))
        {
            for (var i = 0; i < 200 && summary?.Status != Storage.Executions.ExecutionState.Success; i++)
            {
                await Task.Delay(50);
                summary = await server.Storage.Executions.GetAsync("crashed-1", default);
            }
        }

        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection may still hold the file; the OS cleans temp folders.
        }

        Assert.Equal(Storage.Executions.ExecutionState.Success, summary!.Status);
        Assert.Equal("Set", summary.LastNode);
    }

    [Fact]
    public async Task Running_AnExecutionWhoseHolderStopsRenewing_IsTakenOverOnceItsLeaseExpires()
    {
        // Arrange: an execution created by another live holder (a second storage in this process, as another server
        // would be), which then stops renewing its lease without releasing it (as a process on another host that died).
        var dir = Path.Combine(Path.GetTempPath(), "tessera-lease-" + Guid.NewGuid().ToString("n"));
        var storageOptions = new StorageOptions { DataDirectory = dir, ExecutionLease = TimeSpan.FromSeconds(2) };
        var workflowJson = System.Text.Json.JsonSerializer.Serialize(Samples.Manual("Held elsewhere"));
        var holder = await TesseraStorage.OpenAsync(storageOptions);
        await holder.Executions.CreateAsync(new Engine.Journal.ExecutionCreated { ExecutionId = "held-1", WorkflowJson = workflowJson, Mode = "manual", Timestamp = DateTimeOffset.UtcNow }, default);

        Storage.Executions.ExecutionSummary? atStart;
        Storage.Executions.ExecutionSummary? summary = null;
        await using (var server = await TesseraServer.StartAsync(new ServerOptions { Port = 0, Storage = storageOptions, LoadExamples = false }))
        {
            // Act: the start-up pass must leave it (its lease holds); the timer loop takes it once the lease is gone.
            await Task.Delay(500);
            atStart = await server.Storage.Executions.GetAsync("held-1", default);
            for (var i = 0; i < 300 && summary?.Status != Storage.Executions.ExecutionState.Success; i++)
            {
                await Task.Delay(50);
                summary = await server.Storage.Executions.GetAsync("held-1", default);
            }
        }

        GC.KeepAlive(holder);
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection may still hold the file; the OS cleans temp folders.
        }

        // Assert
        Assert.Equal(Storage.Executions.ExecutionState.Running, atStart!.Status);
        Assert.Null(atStart.LastNode);
        Assert.Equal(Storage.Executions.ExecutionState.Success, summary!.Status);
    }
}
