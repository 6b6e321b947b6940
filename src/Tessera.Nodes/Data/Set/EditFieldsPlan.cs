using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Set;

/// <summary>
/// Edit Fields (Set v3–3.4) for one node run: manual assignments or raw JSON, then which input fields to keep.
/// </summary>
/// <remarks>
/// Built once per run: every setting without an expression is read once here (a 100,000-item run otherwise re-reads
/// and re-resolves the same parameters 100,000 times); settings with expressions are still read per item, in the
/// order n8n reads them, so the same item fails with the same error.
/// </remarks>
internal sealed class EditFieldsPlan
{
    private readonly NodeExecutionContext _context;
    private readonly double _version;
    private readonly bool? _dotNotation;
    private readonly string? _mode;
    private readonly string? _include;
    private readonly bool? _keepBinary;
    private readonly List<string>? _includeFields;
    private readonly List<string>? _excludeFields;
    private readonly EditFieldsAssignments _assignments;

    // Reused for every item: a node run handles its items one after another.
    private readonly List<(string Name, JsValue Value)> _fields = [];

    // Output objects usually have the same keys item after item: they share one key array (copy-on-write), one object
    // fewer per output object that the run keeps alive.
    private readonly JsObjectLayouts _layouts = new();

    // Positional plans per input key layout (EditFieldsLayoutPlan), when names, mode, inclusion and dot notation are the
    // same for every item; null when they are not. A few layouts are kept; inputs whose layouts keep changing stop
    // building plans after MaxPlanBuilds.
    private const int MaxPlanBuilds = 64;
    private readonly IReadOnlyList<string>? _planNames;
    private readonly EditFieldsLayoutPlan?[] _plans = new EditFieldsLayoutPlan?[4];
    private int _nextPlan;
    private int _planBuilds;

    public EditFieldsPlan(NodeExecutionContext context, double version)
    {
        _context = context;
        _version = version;
        var optionsConstant = ParameterValues.IsConstant(context, "options");
        if (optionsConstant)
        {
            _dotNotation = context.GetBoolean("options.dotNotation", 0, true);
        }

        if (ParameterValues.IsConstant(context, "mode"))
        {
            _mode = context.GetString("mode", 0, "manual");
        }

        if (ParameterValues.IsConstant(context, "include") && (version < 3.3 || ParameterValues.IsConstant(context, "includeOtherFields")))
        {
            _include = Include(context, 0, version);
            if (optionsConstant)
            {
                _keepBinary = KeepBinary(context, 0, version, _include);
            }
        }

        if (ParameterValues.IsConstant(context, "includeFields"))
        {
            _includeFields = FieldList.Parse(context.GetParameter("includeFields", 0));
        }

        if (ParameterValues.IsConstant(context, "excludeFields"))
        {
            _excludeFields = FieldList.Parse(context.GetParameter("excludeFields", 0));
        }

        _assignments = new EditFieldsAssignments(context, version, optionsConstant);
        if (_mode == "manual" && _include is ("all" or "none") && _dotNotation is not null)
        {
            _planNames = _assignments.ConstantNames;
        }
    }

    public Item Run(Item input, int index)
    {
        var context = _context;
        var dotNotation = _dotNotation ?? context.GetBoolean("options.dotNotation", index, true);
        var mode = _mode ?? context.GetString("mode", index, "manual");
        var fields = _fields;
        fields.Clear();
        if (mode == "raw")
        {
            RawFields(context, index, fields);
        }
        else
        {
            _assignments.Resolve(index, fields);
        }

        var include = _include ?? Include(context, index, _version);
        var json = _planNames is not null && PlanFor(input.Json, include) is { } plan
            ? plan.Build(include == "all" ? input.Json : null, fields)
            : Build(input, index, include, dotNotation);
        fields.Clear(); // do not keep the last item's values alive
        return new Item(json)
        {
            Binary = (_keepBinary ?? KeepBinary(context, index, _version, include)) ? ItemHelpers.CopyBinary(input) : null,
            Paired = PairedItems.Single(index),
        };
    }

    // The general path: clone or pick the input fields, then set each field by name.
    private JsObject Build(Item input, int index, string include, bool dotNotation)
    {
        var fields = _fields;
        var json = include switch
        {
            "all" => _layouts.CloneToExtend(input.Json, fields.Count),
            "selected" => Selected(input.Json, index, dotNotation),
            "except" => Except(input.Json, index, dotNotation),
            _ => new JsObject(fields.Count),
        };

        foreach (var (name, value) in fields)
        {
            FieldPath.Set(json, name, value, dotNotation);
        }

        _layouts.Share(json);
        return json;
    }

    private EditFieldsLayoutPlan? PlanFor(JsObject input, string include)
    {
        foreach (var known in _plans)
        {
            if (known is not null && known.Fits(input))
            {
                return known;
            }
        }

        if (_planBuilds >= MaxPlanBuilds)
        {
            return null;
        }

        _planBuilds++;
        var plan = EditFieldsLayoutPlan.TryCreate(include == "all" ? input : null, _planNames!, _dotNotation!.Value);
        if (plan is not null)
        {
            _plans[_nextPlan] = plan;
            _nextPlan = (_nextPlan + 1) % _plans.Length;
        }

        return plan;
    }

    private static string Include(NodeExecutionContext context, int index, double version)
    {
        if (version >= 3.3)
        {
            return context.GetBoolean("includeOtherFields", index) ? context.GetString("include", index, "all") : "none";
        }

        return context.GetString("include", index, "all");
    }

    private static bool KeepBinary(NodeExecutionContext context, int index, double version, string include)
    {
        if (version >= 3.4)
        {
            return include != "none" || !context.GetBoolean("options.stripBinary", index, true);
        }

        return context.GetBoolean("options.includeBinary", index, true);
    }

    private JsObject Selected(JsObject source, int index, bool dotNotation)
    {
        var json = new JsObject();
        foreach (var field in _includeFields ?? FieldList.Parse(_context.GetParameter("includeFields", index)))
        {
            var value = FieldPath.Get(source, field, dotNotation);
            if (!value.IsUndefined)
            {
                FieldPath.Set(json, field, JsonCodec.DeepClone(value), dotNotation);
            }
        }

        return json;
    }

    private JsObject Except(JsObject source, int index, bool dotNotation)
    {
        var json = source.DeepClone();
        foreach (var field in _excludeFields ?? FieldList.Parse(_context.GetParameter("excludeFields", index)))
        {
            FieldPath.Unset(json, field, dotNotation);
        }

        return json;
    }

    private static void RawFields(NodeExecutionContext context, int index, List<(string Name, JsValue Value)> fields)
    {
        var raw = context.GetParameter("jsonOutput", index);
        JsObject? obj = null;
        if (raw.IsString)
        {
            var text = raw.AsString();
            try
            {
                obj = JsonCodec.Parse(text).TryGetObject();
            }
            catch (JsonFormatException)
            {
                obj = JsLiteral.TryParse(text, out var lenient) ? lenient.TryGetObject() : null;
            }
        }
        else if (raw.IsObject || raw.Kind == JsKind.Host)
        {
            obj = JsonValues.ToData(raw).TryGetObject();
        }

        if (obj is null)
        {
            throw new NodeOperationException(
                $"The 'JSON Output' in item {index} contains invalid JSON",
                index,
                "Make 'JSON' an object, e.g. {\"my_field\": \"value\"}; check quotes and commas.");
        }

        for (var i = 0; i < obj.Count; i++)
        {
            fields.Add((obj.KeyAt(i), obj.ValueAt(i)));
        }
    }
}
