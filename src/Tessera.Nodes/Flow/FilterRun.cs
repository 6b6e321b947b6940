using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;
using Tessera.Nodes.Shared.Conditions;

namespace Tessera.Nodes.Flow;

/// <summary>
/// The conditions of an If or Filter node (v2+) for one node run: the filter parameter, whether only its operands hold
/// expressions, and the node-level options when they hold none, are read once instead of for every item.
/// </summary>
internal sealed class FilterRun
{
    private readonly NodeExecutionContext _context;
    private readonly string _path;
    private readonly JsValue _raw;
    private readonly bool _operandsOnly;
    private readonly FilterOverrides? _overrides;
    private readonly PreparedFilter? _prepared;

    public FilterRun(NodeExecutionContext context, string path = "conditions")
    {
        _context = context;
        _path = path;
        _raw = context.GetRawParameter(path);
        _operandsOnly = FilterEvaluator.OnlyOperandsVary(_raw);
        if (_operandsOnly && _raw.TryGetObject() is { } filter)
        {
            _prepared = new PreparedFilter(filter);
        }

        if (ParameterValues.IsConstant(context, "options") && ParameterValues.IsConstant(context, "looseTypeValidation"))
        {
            _overrides = Overrides(context, 0);
        }
    }

    /// <summary>True when item <paramref name="itemIndex"/> passes the conditions.</summary>
    public bool Evaluate(int itemIndex)
    {
        var overrides = _overrides ?? Overrides(_context, itemIndex);
        return _prepared is not null
            ? _prepared.Evaluate(_context, _path, itemIndex, overrides)
            : FilterEvaluator.Evaluate(_context, _path, itemIndex, overrides, _raw, _operandsOnly);
    }

    // "Ignore case" and "convert types" live in the node's options (and v2.1+'s looseTypeValidation), outside the filter.
    private static FilterOverrides Overrides(NodeExecutionContext context, int itemIndex)
    {
        var options = context.GetObject("options", itemIndex);
        var loose = context.GetBoolean("looseTypeValidation", itemIndex)
            || (options["looseTypeValidation"].IsBoolean && options["looseTypeValidation"].AsBoolean());
        bool? ignoreCase = options["ignoreCase"].IsBoolean ? options["ignoreCase"].AsBoolean() : null;
        return new FilterOverrides(ignoreCase, loose);
    }
}
