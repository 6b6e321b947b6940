namespace Tessera.Engine.Expressions.Compilation;

/// <summary>
/// Compile-time scope of one function: every binding gets a slot in the function's <see cref="Runtime.Env"/>, so
/// variable access at run time is an array index (no name lookup). Blocks only affect which names are visible.
/// </summary>
internal sealed class FunctionScope(FunctionScope? parent)
{
    private readonly List<Dictionary<string, int>> _blocks = [new(StringComparer.Ordinal)];

    public FunctionScope? Parent { get; } = parent;

    public int SlotCount { get; private set; }

    public int Declare(string name)
    {
        var slot = SlotCount++;
        _blocks[^1][name] = slot;
        return slot;
    }

    public void PushBlock() => _blocks.Add(new(StringComparer.Ordinal));

    public void PopBlock() => _blocks.RemoveAt(_blocks.Count - 1);

    /// <summary>Finds a binding: how many functions out, and its slot there.</summary>
    public bool TryResolve(string name, out int depth, out int slot)
    {
        depth = 0;
        for (var scope = this; scope is not null; scope = scope.Parent, depth++)
        {
            for (var i = scope._blocks.Count - 1; i >= 0; i--)
            {
                if (scope._blocks[i].TryGetValue(name, out slot))
                {
                    return true;
                }
            }
        }

        slot = -1;
        return false;
    }
}
