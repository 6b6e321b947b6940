namespace Tessera.Storage.Identity;

/// <summary>A member's role in a project, weakest first: each role can do everything the ones before it can.</summary>
public enum ProjectRole
{
    /// <summary>Reads workflows, executions and credentials' names.</summary>
    Viewer = 1,

    /// <summary>Viewer, and decides approvals.</summary>
    Approver = 2,

    /// <summary>Approver, and runs, cancels, retries, replays and activates.</summary>
    Operator = 3,

    /// <summary>Operator, and creates, changes and deletes workflows and credentials.</summary>
    Editor = 4,

    /// <summary>Editor, and manages the project's members and API keys.</summary>
    Admin = 5,
}

/// <summary>Reads and writes <see cref="ProjectRole"/> as the lower-case names the API and database use.</summary>
public static class ProjectRoles
{
    /// <summary>Every role, weakest first.</summary>
    public static IReadOnlyList<ProjectRole> All { get; } = [ProjectRole.Viewer, ProjectRole.Approver, ProjectRole.Operator, ProjectRole.Editor, ProjectRole.Admin];

    /// <summary>The lower-case name, e.g. <c>operator</c>.</summary>
    public static string ToName(this ProjectRole role) => role switch
    {
        ProjectRole.Viewer => "viewer",
        ProjectRole.Approver => "approver",
        ProjectRole.Operator => "operator",
        ProjectRole.Editor => "editor",
        ProjectRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown project role."),
    };

    /// <summary>Parses a role name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? name, out ProjectRole role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>Parses a stored role name; a name the database should never hold fails loudly.</summary>
    internal static ProjectRole Parse(string name) =>
        TryParse(name, out var role) ? role : throw new InvalidOperationException($"Unknown project role '{name}' in the database.");
}
