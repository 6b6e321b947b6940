using Tessera.Storage.Audit;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The audit log contract every backend must meet: an unforked hash chain whose edits verify finds.</summary>
public abstract class AuditLogCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private IAuditLog Log => Storage.Audit;

    private async Task AppendSomeAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Log.AppendAsync(new AuditRecord($"user:{i % 2}", i % 2 == 0 ? "workflow.saved" : "credential.used", $"t{i}", "p1", $$"""{"n":{{i}}}"""), Ct);
            Time.Advance(TimeSpan.FromMilliseconds(1.234567));
        }
    }

    [StoreFact]
    public async Task AppendAsync_Entries_ChainEachToThePrevious()
    {
        var first = await Log.AppendAsync(new AuditRecord("user:1", "workflow.saved", "w1", "p1", """{"name":"A"}"""), Ct);
        var second = await Log.AppendAsync(new AuditRecord("system", "credential.used"), Ct);

        Assert.Equal(1, first.Seq);
        Assert.Equal(AuditHash.Genesis, first.PrevHash);
        Assert.Equal(AuditHash.Compute(first), first.Hash);
        Assert.Equal(2, second.Seq);
        Assert.Equal(first.Hash, second.PrevHash);
        Assert.Equal("{}", second.DetailsJson);
        Assert.Equal(Time.GetUtcNow(), first.At);
    }

    [StoreFact]
    public async Task ListAsync_PagesNewestFirstWithFilters()
    {
        await AppendSomeAsync(7);

        var page1 = await Log.ListAsync(new AuditQuery { Limit = 3 }, Ct);
        var page2 = await Log.ListAsync(new AuditQuery { Limit = 3, Cursor = page1.NextCursor }, Ct);
        var page3 = await Log.ListAsync(new AuditQuery { Limit = 3, Cursor = page2.NextCursor }, Ct);
        var saved = await Log.ListAsync(new AuditQuery { Action = "workflow.saved" }, Ct);
        var byActor = await Log.ListAsync(new AuditQuery { Actor = "user:1", Target = "t3" }, Ct);

        Assert.Equal([7L, 6, 5], page1.Items.Select(e => e.Seq));
        Assert.Equal([4L, 3, 2], page2.Items.Select(e => e.Seq));
        Assert.Equal([1L], page3.Items.Select(e => e.Seq));
        Assert.Null(page3.NextCursor);
        Assert.Equal([6L, 4, 2], saved.Items.Select(e => e.Seq));
        Assert.Equal(3, Assert.Single(byActor.Items).Seq);
    }

    [StoreFact]
    public async Task ListAsync_RoundTripsEveryField()
    {
        var appended = await Log.AppendAsync(new AuditRecord("apikey:k", "credential.updated", null, null, """{"é":"ü","list":[1,2]}"""), Ct);

        var listed = Assert.Single((await Log.ListAsync(new AuditQuery(), Ct)).Items);

        Assert.Equal(appended, listed);
        Assert.Equal(listed.Hash, AuditHash.Compute(listed));
    }

    [StoreFact]
    public async Task AppendAsync_InvalidDetails_ThrowsAndWritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(new AuditRecord("a", "x.y", DetailsJson: "[1]"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(new AuditRecord("a", "x.y", DetailsJson: "{oops"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(new AuditRecord("", "x.y"), Ct));

        Assert.Empty((await Log.ListAsync(new AuditQuery(), Ct)).Items);
    }

    [StoreFact]
    public async Task AppendAsync_ConcurrentWritersInTwoProcesses_NeverFork()
    {
        await using var other = await OpenAgainAsync();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Log : other.Audit).AppendAsync(new AuditRecord("user:" + i, "test.concurrent"), Ct))));

        var verification = await Log.VerifyAsync(Ct);
        Assert.True(verification.Ok, verification.Problem);
        Assert.Equal(40, verification.Checked);
    }

    [StoreFact]
    public async Task VerifyAsync_EmptyOrIntact_IsOk()
    {
        Assert.Equal(new AuditVerification(true, 0, null, null), await Log.VerifyAsync(Ct));
        await AppendSomeAsync(5);

        Assert.Equal(new AuditVerification(true, 5, null, null), await Log.VerifyAsync(Ct));
    }

    [StoreFact]
    public async Task VerifyAsync_EditedRow_NamesItsSeq()
    {
        await AppendSomeAsync(5);

        await Target.ScalarAsync("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3");
        var result = await Log.VerifyAsync(Ct);

        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSeq);
        Assert.Equal(2, result.Checked);
        Assert.Contains("entry 3", result.Problem);
        Assert.Contains("edited", result.Problem);
    }

    [StoreFact]
    public async Task VerifyAsync_EditedDetails_NamesItsSeq()
    {
        await AppendSomeAsync(4);

        await Target.ScalarAsync("""UPDATE audit_log SET details = '{"n":99}' WHERE seq = 2""");

        Assert.Equal(2, (await Log.VerifyAsync(Ct)).FirstBadSeq);
    }

    [StoreFact]
    public async Task VerifyAsync_EditedAndRehashedRow_NamesTheNextSeq()
    {
        await AppendSomeAsync(4);
        var page = await Log.ListAsync(new AuditQuery(), Ct);
        var two = page.Items.Single(e => e.Seq == 2) with { Actor = "forger" };
        var forged = AuditHash.Compute(two);

        await Target.ScalarAsync($"UPDATE audit_log SET actor = 'forger', hash = '{forged}' WHERE seq = 2");
        var result = await Log.VerifyAsync(Ct);

        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSeq);
        Assert.Contains("prev_hash", result.Problem);
    }

    [StoreFact]
    public async Task VerifyAsync_DeletedMiddleRow_NamesTheMissingSeq()
    {
        await AppendSomeAsync(5);

        await Target.ScalarAsync("DELETE FROM audit_log WHERE seq = 4");
        var result = await Log.VerifyAsync(Ct);

        Assert.Equal(4, result.FirstBadSeq);
        Assert.Contains("missing", result.Problem);
    }

    [StoreFact]
    public async Task VerifyAsync_DeletedTail_IsCaughtByTheHead()
    {
        await AppendSomeAsync(5);

        await Target.ScalarAsync("DELETE FROM audit_log WHERE seq >= 4");
        var result = await Log.VerifyAsync(Ct);

        Assert.False(result.Ok);
        Assert.Equal(4, result.FirstBadSeq);
        Assert.Contains("deleted", result.Problem);
    }

    [StoreFact]
    public async Task VerifyAsync_SwappedRows_NamesTheFirstMovedSeq()
    {
        await AppendSomeAsync(5);

        // Swap the contents of entries 2 and 3 (a reordering) via a free sequence number.
        await Target.ScalarAsync("UPDATE audit_log SET seq = 100 WHERE seq = 2");
        await Target.ScalarAsync("UPDATE audit_log SET seq = 2 WHERE seq = 3");
        await Target.ScalarAsync("UPDATE audit_log SET seq = 3 WHERE seq = 100");
        var result = await Log.VerifyAsync(Ct);

        Assert.False(result.Ok);
        Assert.Equal(2, result.FirstBadSeq);
    }
}
