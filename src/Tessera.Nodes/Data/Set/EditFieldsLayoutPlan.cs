using Tessera.Engine.Data;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Set;

/// <summary>
/// Where each assigned field lands in the output object, worked out once for one input key layout: the output is then
/// built from a value array in one step instead of finding (or appending) each field by name, item after item.
/// </summary>
/// <remarks>
/// Only for what can be decided from the keys alone: constant field names, plain names and dotted paths of plain names
/// whose first part is new (the object they create is always fresh). Anything else — a dotted path into an existing
/// field, array indices, unsafe names, names that repeat a created path — makes <see cref="TryCreate"/> return null and
/// the caller uses the general path, so results never depend on which path ran.
/// </remarks>
internal sealed class EditFieldsLayoutPlan
{
    // The input keys the plan was built for; null when input fields are not kept ("none").
    private readonly JsObjectShape? _input;
    private readonly JsObjectShape _output;
    private readonly Target[] _targets;

    private EditFieldsLayoutPlan(JsObjectShape? input, JsObjectShape output, Target[] targets)
    {
        _input = input;
        _output = output;
        _targets = targets;
    }

    /// <summary>
    /// The plan for items whose keys are <paramref name="input"/>'s (null: input fields are not kept) receiving fields
    /// <paramref name="names"/> in this order; null when the general path has to decide per item.
    /// </summary>
    public static EditFieldsLayoutPlan? TryCreate(JsObject? input, IReadOnlyList<string> names, bool dotNotation)
    {
        var keys = new List<string>((input?.Count ?? 0) + names.Count);
        if (input is not null)
        {
            for (var i = 0; i < input.Count; i++)
            {
                keys.Add(input.KeyAt(i));
            }
        }

        var inputShape = input is null ? null : JsObjectShape.TryCreate(keys);
        if (input is not null && inputShape is null)
        {
            return null;
        }

        var targets = new Target[names.Count];
        for (var f = 0; f < names.Count; f++)
        {
            var name = names[f];
            var existing = keys.IndexOf(name);
            // The same decision FieldPath.Set makes: an existing key or a name that is not a path is one key.
            if (!dotNotation || existing >= 0 || !LooksLikePath(name))
            {
                if (FieldPath.IsUnsafe(name, dotNotation: false))
                {
                    return null;
                }

                if (existing < 0)
                {
                    keys.Add(name);
                    existing = keys.Count - 1;
                }

                targets[f] = new Target(existing, null);
                continue;
            }

            var parts = FieldPath.Segments(name);
            if (parts.Length < 2 || keys.Contains(parts[0]) || !parts.All(IsPlainName))
            {
                return null;
            }

            // a.b.c on an object without "a" adds a: { b: { c: value } }, each level a fresh object.
            var nested = new JsObjectShape[parts.Length - 1];
            for (var level = 0; level < nested.Length; level++)
            {
                nested[level] = JsObjectShape.TryCreate([parts[level + 1]])!;
            }

            keys.Add(parts[0]);
            targets[f] = new Target(keys.Count - 1, nested);
        }

        return JsObjectShape.TryCreate(keys) is { } output ? new EditFieldsLayoutPlan(inputShape, output, targets) : null;
    }

    /// <summary>True when <paramref name="input"/> has the keys this plan was built for (always, when input fields are dropped).</summary>
    public bool Fits(JsObject input) => _input is null || _input.Matches(input);

    /// <summary>The output for <paramref name="input"/> (a fitting object, or null when input fields are dropped) and the field values, in the plan's order.</summary>
    public JsObject Build(JsObject? input, List<(string Name, JsValue Value)> fields)
    {
        var values = new JsValue[_output.Count];
        if (_input is not null)
        {
            for (var i = 0; i < _input.Count; i++)
            {
                values[i] = JsonCodec.DeepClone(input!.ValueAt(i));
            }
        }

        // Fields in order: a later field with the same name overwrites the earlier value, as setting it again would.
        for (var f = 0; f < _targets.Length; f++)
        {
            var target = _targets[f];
            var value = fields[f].Value;
            if (target.Nested is { } nested)
            {
                for (var level = nested.Length - 1; level >= 0; level--)
                {
                    value = nested[level].Create([value]);
                }
            }

            values[target.Slot] = value;
        }

        return _output.Create(values);
    }

    private static bool LooksLikePath(string path) =>
        path.Contains('.', StringComparison.Ordinal) || path.Contains('[', StringComparison.Ordinal);

    // A path part FieldPath.Set turns into an object key: not empty, not unsafe, not an index (that would create an array).
    private static bool IsPlainName(string part) =>
        part.Length > 0 && !FieldPath.IsUnsafe(part, dotNotation: false) && !part.All(char.IsAsciiDigit) && !JsObject.IsArrayIndex(part);

    private readonly record struct Target(int Slot, JsObjectShape[]? Nested);
}
