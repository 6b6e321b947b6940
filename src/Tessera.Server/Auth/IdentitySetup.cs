using Tessera.Storage;
using Tessera.Storage.Identity;

namespace Tessera.Server.Auth;

/// <summary>First-run identity: the "Default" project and the owner account.</summary>
public static class IdentitySetup
{
    /// <summary>The name of the project every new instance starts with.</summary>
    public const string DefaultProjectName = "Default";

    /// <summary>The project that exists from the first start: the oldest one named "Default", created when there is none.</summary>
    public static async Task<StoredProject> EnsureDefaultProjectAsync(TesseraStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var projects = await storage.Projects.ListAsync(cancellationToken).ConfigureAwait(false);
        return projects.Where(p => p.Name == DefaultProjectName).OrderBy(p => p.CreatedAt).FirstOrDefault()
            ?? await storage.Projects.CreateAsync(DefaultProjectName, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the owner while no user exists and makes them admin of the Default project; null when a user already exists.</summary>
    public static async Task<StoredUser?> CreateOwnerAsync(TesseraStorage storage, string email, string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var user = await storage.Users.CreateFirstAsync(
            new NewUser { Email = email, Name = name.Trim(), PasswordHash = PasswordHasher.Hash(password), IsOwner = true },
            cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            var project = await EnsureDefaultProjectAsync(storage, cancellationToken).ConfigureAwait(false);
            await storage.Projects.SetMemberAsync(project.Id, user.Id, ProjectRole.Admin, cancellationToken).ConfigureAwait(false);
        }

        return user;
    }
}
