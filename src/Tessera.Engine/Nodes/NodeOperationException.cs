namespace Tessera.Engine.Nodes;

/// <summary>A node failed in a way its user can fix; the message is shown as is.</summary>
public class NodeOperationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeOperationException(string message, int? itemIndex = null, string? description = null, Exception? inner = null)
        : base(message, inner)
    {
        ItemIndex = itemIndex;
        Description = description;
    }

    /// <summary>The item being processed when it failed, when known.</summary>
    public int? ItemIndex { get; }

    /// <summary>A hint on how to fix it.</summary>
    public string? Description { get; }

    /// <summary>The HTTP status of the remote call that failed, for nodes that call out; null otherwise.</summary>
    public virtual int? HttpCode => null;

    /// <summary>The error name n8n would report.</summary>
    public virtual string ErrorName => "NodeOperationError";
}
