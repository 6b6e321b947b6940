using Tessera.Storage.StaticData;
using Tessera.Storage.Tests.Infrastructure;
using Tessera.Storage.Workflows;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The workflow store contract every backend must meet.</summary>
public abstract class WorkflowStoreCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private IWorkflowStore Store => Storage.Workflows;

    private static WorkflowDraft Draft(string name, string? id = null, bool active = false, string[]? tags = null, string? project = null) => new()
    {
        Id = id,
        Name = name,
        Json = "{\"name\":\"" + name + "\",\"nodes\":[],\"connections\":{}}",
        Active = active,
        Tags = tags ?? [],
        ProjectId = project,
    };

    [StoreFact]
    public async Task CreateAsync_ThenGet_RoundTripsEveryField()
    {
        var created = await Store.CreateAsync(Draft("Orders", "wf-1", active: true, tags: ["sales", "eu"], project: "p1"), Ct);

        var read = await Store.GetAsync("wf-1", Ct);

        Assert.Equal(created with { Tags = read!.Tags }, read);
        Assert.Equal(["sales", "eu"], read.Tags);
        Assert.True(read.Active);
        Assert.Equal("p1", read.ProjectId);
        Assert.Equal(Time.GetUtcNow(), read.CreatedAt);
        Assert.Equal(Time.GetUtcNow(), read.UpdatedAt);
        Assert.Contains("\"Orders\"", read.Json, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task CreateAsync_WithoutId_Generates16CharacterAlphanumericId()
    {
        var created = await Store.CreateAsync(Draft("A"), Ct);

        Assert.Equal(16, created.Id.Length);
        Assert.True(created.Id.All(char.IsAsciiLetterOrDigit));
        Assert.NotNull(await Store.GetAsync(created.Id, Ct));
    }

    [StoreFact]
    public async Task CreateAsync_DuplicateId_ThrowsConflict()
    {
        await Store.CreateAsync(Draft("A", "same"), Ct);

        var ex = await Assert.ThrowsAsync<WorkflowConflictException>(() => Store.CreateAsync(Draft("B", "same"), Ct));

        Assert.Contains("same", ex.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task CreateAsync_InvalidJson_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Draft("A") with { Json = "{nodes:" }, Ct));
    }

    [StoreFact]
    public async Task UpdateAsync_CurrentVersion_SavesAndIssuesNewVersion()
    {
        var created = await Store.CreateAsync(Draft("A", "w"), Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        var updated = await Store.UpdateAsync("w", Draft("A2", active: true, tags: ["x"]), created.VersionId, Ct);

        var read = await Store.GetAsync("w", Ct);

        Assert.NotEqual(created.VersionId, updated!.VersionId);
        Assert.Equal(updated.VersionId, read!.VersionId);
        Assert.Equal("A2", read.Name);
        Assert.True(read.Active);
        Assert.Equal(["x"], read.Tags);
        Assert.Equal(created.CreatedAt, updated.CreatedAt);
        Assert.Equal(Time.GetUtcNow(), updated.UpdatedAt);
    }

    [StoreFact]
    public async Task UpdateAsync_StaleVersion_ThrowsConflictAndKeepsStoredWorkflow()
    {
        var created = await Store.CreateAsync(Draft("A", "w"), Ct);
        await Store.UpdateAsync("w", Draft("B"), created.VersionId, Ct);

        await Assert.ThrowsAsync<WorkflowConflictException>(() => Store.UpdateAsync("w", Draft("C"), created.VersionId, Ct));

        Assert.Equal("B", (await Store.GetAsync("w", Ct))!.Name);
    }

    [StoreFact]
    public async Task UpdateAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Store.UpdateAsync("missing", Draft("A"), "v", Ct));
    }

    [StoreFact]
    public async Task ListAsync_Filters_ByActiveTagProjectAndName()
    {
        await Store.CreateAsync(Draft("Invoice sync", "1", active: true, tags: ["finance"], project: "p1"), Ct);
        await Store.CreateAsync(Draft("Lead import", "2", tags: ["sales", "crm"], project: "p1"), Ct);
        await Store.CreateAsync(Draft("Invoice 100%_done", "3", tags: ["finance"], project: "p2"), Ct);

        Assert.Equal(["1"], (await Store.ListAsync(new WorkflowQuery { Active = true }, Ct)).Select(w => w.Id));
        Assert.Equal(["3", "1"], (await Store.ListAsync(new WorkflowQuery { Tag = "finance" }, Ct)).Select(w => w.Id));
        Assert.Equal(["2"], (await Store.ListAsync(new WorkflowQuery { Tag = "crm" }, Ct)).Select(w => w.Id));
        Assert.Equal(["1", "2"], (await Store.ListAsync(new WorkflowQuery { ProjectId = "p1" }, Ct)).Select(w => w.Id));
        Assert.Equal(["3", "1"], (await Store.ListAsync(new WorkflowQuery { NameContains = "INVOICE" }, Ct)).Select(w => w.Id));
        Assert.Equal(["3"], (await Store.ListAsync(new WorkflowQuery { NameContains = "0%_" }, Ct)).Select(w => w.Id));
        Assert.Equal(["1"], (await Store.ListAsync(new WorkflowQuery { Limit = 1, Offset = 1 }, Ct)).Select(w => w.Id));
    }

    [StoreFact]
    public async Task DeleteAsync_Workflow_RemovesItAndItsStaticData()
    {
        await Store.CreateAsync(Draft("A", "w"), Ct);
        await Storage.StaticData.SetAsync("w", IStaticDataStore.GlobalScope, """{"last":1}""", Ct);

        Assert.True(await Store.DeleteAsync("w", Ct));

        Assert.Null(await Store.GetAsync("w", Ct));
        Assert.Null(await Storage.StaticData.GetAsync("w", IStaticDataStore.GlobalScope, Ct));
        Assert.False(await Store.DeleteAsync("w", Ct));
    }
}
