namespace Tessera.Storage.StaticData;

/// <summary>
/// Workflow static data (n8n's <c>$getWorkflowStaticData</c>): a JSON object per workflow and scope that nodes
/// keep between executions, e.g. a polling trigger's last seen id. Scopes: <see cref="GlobalScope"/> or <see cref="NodeScope"/>.
/// </summary>
public interface IStaticDataStore
{
    /// <summary>The scope shared by the whole workflow.</summary>
    public const string GlobalScope = "global";

    /// <summary>The scope private to one node.</summary>
    public static string NodeScope(string nodeName) => "node:" + nodeName;

    /// <summary>The stored JSON, or null when nothing was stored.</summary>
    Task<string?> GetAsync(string workflowId, string scope, CancellationToken cancellationToken);

    /// <summary>Stores (replaces) the JSON for the scope.</summary>
    Task SetAsync(string workflowId, string scope, string json, CancellationToken cancellationToken);

    /// <summary>Every scope's JSON for the workflow.</summary>
    Task<IReadOnlyDictionary<string, string>> GetAllAsync(string workflowId, CancellationToken cancellationToken);

    /// <summary>Removes the workflow's static data (all scopes); returns how many scopes were removed.</summary>
    Task<int> DeleteAsync(string workflowId, CancellationToken cancellationToken);
}
