using Tessera.Storage;
using Tessera.Storage.Identity;

namespace Tessera.Server.Auth;

/// <summary>Conveniences over <see cref="ICaller"/> for endpoints.</summary>
public static class CallerExtensions
{
    /// <summary>
    /// Where to create something when the request names no project: an API key's project; else the Default project
    /// when the caller may create there; else the first project where it may; else null.
    /// </summary>
    public static async Task<string?> DefaultProjectAsync(this ICaller caller, TesseraStorage storage, ProjectRole minimum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(storage);
        if (caller.ApiKey is { } key)
        {
            return key.ProjectId;
        }

        var projects = await storage.Projects.ListAsync(cancellationToken).ConfigureAwait(false);
        var usable = projects.Where(p => caller.RoleIn(p.Id) >= minimum).OrderBy(p => p.CreatedAt).ToList();
        return (usable.FirstOrDefault(p => p.Name == IdentitySetup.DefaultProjectName) ?? usable.FirstOrDefault())?.Id
            ?? projects.FirstOrDefault(p => caller.RoleIn(p.Id) is not null)?.Id;
    }
}
