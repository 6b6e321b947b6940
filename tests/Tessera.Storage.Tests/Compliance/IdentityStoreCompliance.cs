using Tessera.Storage.Identity;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The user, project, API key and session store contracts every backend must meet.</summary>
public abstract class IdentityStoreCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private static NewUser User(string email, bool owner = false) => new() { Email = email, Name = "N " + email, PasswordHash = "hash-" + email, IsOwner = owner };

    [StoreFact]
    public async Task Users_CreateThenFindByEmail_IgnoresCaseAndRoundTrips()
    {
        var created = await Storage.Users.CreateAsync(User("Ada@Example.com", owner: true), Ct);

        var found = await Storage.Users.FindByEmailAsync("ADA@example.COM", Ct);

        Assert.Equal(created, found);
        Assert.Equal("ada@example.com", found!.Email);
        Assert.True(found.IsOwner);
        Assert.Equal(Time.GetUtcNow(), found.CreatedAt);
        Assert.Equal(created, await Storage.Users.GetAsync(created.Id, Ct));
    }

    [StoreFact]
    public async Task Users_DuplicateEmail_ThrowsConflict()
    {
        await Storage.Users.CreateAsync(User("a@x.io"), Ct);

        await Assert.ThrowsAsync<IdentityConflictException>(() => Storage.Users.CreateAsync(User("A@X.IO"), Ct));
        Assert.Equal(1, await Storage.Users.CountAsync(Ct));
    }

    [StoreFact]
    public async Task Users_CreateFirst_OnlyWhileEmpty()
    {
        var first = await Storage.Users.CreateFirstAsync(User("first@x.io", owner: true), Ct);
        var second = await Storage.Users.CreateFirstAsync(User("second@x.io", owner: true), Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Null(await Storage.Users.FindByEmailAsync("second@x.io", Ct));
    }

    [StoreFact]
    public async Task Users_UpdateAndLockout_ChangeOnlyWhatIsSet()
    {
        var user = await Storage.Users.CreateAsync(User("u@x.io"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        var updated = await Storage.Users.UpdateAsync(user.Id, new UserUpdate { Name = "New" }, Ct);
        await Storage.Users.RecordFailedLoginAsync(user.Id, null, Ct);
        await Storage.Users.RecordFailedLoginAsync(user.Id, Time.GetUtcNow().AddMinutes(5), Ct);
        var locked = await Storage.Users.GetAsync(user.Id, Ct);
        await Storage.Users.ResetFailedLoginsAsync(user.Id, Ct);
        var reset = await Storage.Users.GetAsync(user.Id, Ct);

        Assert.Equal("New", updated!.Name);
        Assert.Equal(user.PasswordHash, updated.PasswordHash);
        Assert.Equal(Time.GetUtcNow(), updated.UpdatedAt);
        Assert.Equal(2, locked!.FailedLogins);
        Assert.Equal(Time.GetUtcNow().AddMinutes(5), locked.LockedUntil);
        Assert.Equal(0, reset!.FailedLogins);
        Assert.Null(reset.LockedUntil);
        Assert.Null(await Storage.Users.UpdateAsync("missing", new UserUpdate { Name = "x" }, Ct));
    }

    [StoreFact]
    public async Task Users_UpdateToTakenEmail_ThrowsConflict()
    {
        await Storage.Users.CreateAsync(User("a@x.io"), Ct);
        var b = await Storage.Users.CreateAsync(User("b@x.io"), Ct);

        await Assert.ThrowsAsync<IdentityConflictException>(() => Storage.Users.UpdateAsync(b.Id, new UserUpdate { Email = "A@x.io" }, Ct));
    }

    [StoreFact]
    public async Task Projects_MembersAndMemberships_TrackRoles()
    {
        var user = await Storage.Users.CreateAsync(User("m@x.io"), Ct);
        var p1 = await Storage.Projects.CreateAsync("Beta", null, Ct);
        var p2 = await Storage.Projects.CreateAsync("Alpha", "p-alpha", Ct);

        Assert.True(await Storage.Projects.SetMemberAsync(p1.Id, user.Id, ProjectRole.Viewer, Ct));
        Assert.True(await Storage.Projects.SetMemberAsync(p2.Id, user.Id, ProjectRole.Editor, Ct));
        Assert.True(await Storage.Projects.SetMemberAsync(p1.Id, user.Id, ProjectRole.Operator, Ct));
        var memberships = await Storage.Projects.ListMembershipsAsync(user.Id, Ct);
        var members = await Storage.Projects.ListMembersAsync(p1.Id, Ct);

        Assert.Equal(["Alpha", "Beta"], memberships.Select(m => m.Project.Name));
        Assert.Equal([ProjectRole.Editor, ProjectRole.Operator], memberships.Select(m => m.Role));
        Assert.Equal(new ProjectMember(user.Id, "m@x.io", "N m@x.io", ProjectRole.Operator), Assert.Single(members));
        Assert.Equal(["Alpha", "Beta"], (await Storage.Projects.ListAsync(Ct)).Select(p => p.Name));
    }

    [StoreFact]
    public async Task Projects_SetMemberOfMissingUserOrProject_ReturnsFalse()
    {
        var user = await Storage.Users.CreateAsync(User("m@x.io"), Ct);
        var project = await Storage.Projects.CreateAsync("P", null, Ct);

        Assert.False(await Storage.Projects.SetMemberAsync(project.Id, "nobody", ProjectRole.Viewer, Ct));
        Assert.False(await Storage.Projects.SetMemberAsync("nowhere", user.Id, ProjectRole.Viewer, Ct));
        Assert.Empty(await Storage.Projects.ListMembersAsync(project.Id, Ct));
    }

    [StoreFact]
    public async Task Projects_RenameRemoveAndDelete_CascadeToMembersAndKeys()
    {
        var user = await Storage.Users.CreateAsync(User("m@x.io"), Ct);
        var project = await Storage.Projects.CreateAsync("P", null, Ct);
        await Storage.Projects.SetMemberAsync(project.Id, user.Id, ProjectRole.Admin, Ct);
        var key = await Storage.ApiKeys.CreateAsync(new NewApiKey { Name = "k", ProjectId = project.Id, Role = ProjectRole.Viewer, KeyHash = "h1", Prefix = "tk_1" }, Ct);

        var renamed = await Storage.Projects.RenameAsync(project.Id, " Q ", Ct);
        Assert.True(await Storage.Projects.DeleteAsync(project.Id, Ct));

        Assert.Equal("Q", renamed!.Name);
        Assert.Null(await Storage.Projects.GetAsync(project.Id, Ct));
        Assert.Empty(await Storage.Projects.ListMembershipsAsync(user.Id, Ct));
        Assert.Null(await Storage.ApiKeys.GetAsync(key.Id, Ct));
        Assert.False(await Storage.Projects.DeleteAsync(project.Id, Ct));
        Assert.Null(await Storage.Projects.RenameAsync(project.Id, "x", Ct));
    }

    [StoreFact]
    public async Task ApiKeys_CreateFindTouchDelete()
    {
        var user = await Storage.Users.CreateAsync(User("k@x.io"), Ct);
        var project = await Storage.Projects.CreateAsync("P", null, Ct);
        var key = await Storage.ApiKeys.CreateAsync(new NewApiKey { Name = "ci", ProjectId = project.Id, Role = ProjectRole.Operator, KeyHash = "abc", Prefix = "tk_abc", CreatedBy = user.Id }, Ct);
        Time.Advance(TimeSpan.FromSeconds(5));

        await Storage.ApiKeys.TouchAsync(key.Id, Time.GetUtcNow(), Ct);
        var found = await Storage.ApiKeys.FindByHashAsync("abc", Ct);

        Assert.Equal(key with { LastUsedAt = Time.GetUtcNow() }, found);
        Assert.Single(await Storage.ApiKeys.ListAsync(project.Id, Ct));
        Assert.Empty(await Storage.ApiKeys.ListAsync("other", Ct));
        Assert.True(await Storage.ApiKeys.DeleteAsync(key.Id, Ct));
        Assert.Null(await Storage.ApiKeys.FindByHashAsync("abc", Ct));
    }

    [StoreFact]
    public async Task ApiKeys_MissingProject_ThrowsConflict()
    {
        await Assert.ThrowsAsync<IdentityConflictException>(() =>
            Storage.ApiKeys.CreateAsync(new NewApiKey { Name = "k", ProjectId = "nowhere", Role = ProjectRole.Viewer, KeyHash = "h", Prefix = "p" }, Ct));
    }

    [StoreFact]
    public async Task Sessions_CreateFindExpireAndCascade()
    {
        var user = await Storage.Users.CreateAsync(User("s@x.io"), Ct);
        var now = Time.GetUtcNow();
        var session = new StoredSession("t1", user.Id, now, now.AddHours(1));
        await Storage.Sessions.CreateAsync(session, Ct);
        await Storage.Sessions.CreateAsync(new StoredSession("t2", user.Id, now, now.AddMinutes(1)), Ct);

        Assert.Equal(session, await Storage.Sessions.FindAsync("t1", Ct));
        Assert.Equal(1, await Storage.Sessions.DeleteExpiredAsync(now.AddMinutes(30), Ct));
        Assert.Null(await Storage.Sessions.FindAsync("t2", Ct));
        Assert.True(await Storage.Users.DeleteAsync(user.Id, Ct));
        Assert.Null(await Storage.Sessions.FindAsync("t1", Ct));
    }

    [StoreFact]
    public async Task Sessions_DeleteForUser_EndsOnlyThatUsersSessions()
    {
        var a = await Storage.Users.CreateAsync(User("a@x.io"), Ct);
        var b = await Storage.Users.CreateAsync(User("b@x.io"), Ct);
        var now = Time.GetUtcNow();
        await Storage.Sessions.CreateAsync(new StoredSession("ta", a.Id, now, now.AddHours(1)), Ct);
        await Storage.Sessions.CreateAsync(new StoredSession("tb", b.Id, now, now.AddHours(1)), Ct);

        Assert.Equal(1, await Storage.Sessions.DeleteForUserAsync(a.Id, Ct));
        Assert.True(await Storage.Sessions.DeleteAsync("tb", Ct));
        Assert.Null(await Storage.Sessions.FindAsync("ta", Ct));
        Assert.False(await Storage.Sessions.DeleteAsync("tb", Ct));
    }
}
