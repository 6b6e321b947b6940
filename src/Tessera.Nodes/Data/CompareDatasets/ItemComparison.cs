using Tessera.Engine.Data;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.CompareDatasets;

/// <summary>Compare Datasets' settings.</summary>
internal sealed record CompareSettings(
    double Version,
    IReadOnlyList<(string Field1, string Field2)> Fields,
    string Resolve,
    string PreferWhenMix,
    IReadOnlyList<string> ExceptWhenMix,
    IReadOnlyList<string> SkipFields,
    bool Fuzzy,
    bool DotNotation,
    bool AllMatches);

/// <summary>
/// The comparison of two matched items: whether they are the same once skipped fields are left out, and the
/// "include both versions" description (<c>keys</c>, <c>same</c>, <c>different</c>, <c>skipped</c>).
/// </summary>
internal sealed class ItemComparison
{
    private readonly JsObject _a;
    private readonly JsObject _b;
    private readonly CompareSettings _s;

    public ItemComparison(JsObject a, JsObject b, CompareSettings s)
    {
        _a = a;
        _b = b;
        _s = s;
        AreSame = ObjectsEqual(WithoutSkipped(a), WithoutSkipped(b));
    }

    /// <summary>True when every compared field is equal.</summary>
    public bool AreSame { get; }

    /// <summary>The "include both versions" item.</summary>
    public JsObject Describe()
    {
        var (nameA, nameB) = _s.Version >= 2 ? ("inputA", "inputB") : ("input1", "input2");
        var keys = new JsObject();
        foreach (var (f1, f2) in _s.Fields)
        {
            keys[f1] = JsonCodec.DeepClone(FieldPath.Get(_a, f1, _s.DotNotation));
            if (f2 != f1)
            {
                keys[f2] = JsonCodec.DeepClone(FieldPath.Get(_b, f2, _s.DotNotation));
            }
        }

        var same = new JsObject();
        var different = new JsObject();
        var skipped = new JsObject();
        foreach (var key in _a.Keys.Concat(_b.Keys.Where(k => !_a.ContainsKey(k))).ToList())
        {
            var va = _a[key];
            var vb = _b[key];
            if (_s.SkipFields.Contains(key))
            {
                skipped[key] = Pair(nameA, va, nameB, vb);
                continue;
            }

            if (FieldEqual(va, vb))
            {
                same[key] = JsonCodec.DeepClone(va.IsUndefined ? vb : va);
                continue;
            }

            var shownA = JsonCodec.DeepClone(va);
            var shownB = JsonCodec.DeepClone(vb);
            var skippedA = new JsObject();
            var skippedB = new JsObject();
            foreach (var path in _s.SkipFields.Where(p => p.StartsWith(key + ".", StringComparison.Ordinal)))
            {
                var rest = path[(key.Length + 1)..];
                MoveSkipped(shownA, rest, skippedA);
                MoveSkipped(shownB, rest, skippedB);
            }

            different[key] = Pair(nameA, shownA, nameB, shownB);
            if (skippedA.Count > 0 || skippedB.Count > 0)
            {
                skipped[key] = new JsObject { [nameA] = skippedA, [nameB] = skippedB };
            }
        }

        var result = new JsObject { ["keys"] = keys, ["same"] = same, ["different"] = different };
        if (skipped.Count > 0)
        {
            result["skipped"] = skipped;
        }

        return result;
    }

    private static JsObject Pair(string nameA, JsValue a, string nameB, JsValue b) => new()
    {
        [nameA] = a.IsUndefined ? JsValue.Null : JsonCodec.DeepClone(a),
        [nameB] = b.IsUndefined ? JsValue.Null : JsonCodec.DeepClone(b),
    };

    private static void MoveSkipped(JsValue shown, string path, JsObject skipped)
    {
        if (shown.TryGetObject() is not { } obj)
        {
            return;
        }

        var value = FieldPath.Get(obj, path);
        if (!value.IsUndefined)
        {
            FieldPath.Set(skipped, path, value);
            FieldPath.Unset(obj, path);
        }
    }

    private JsObject WithoutSkipped(JsObject json)
    {
        if (_s.SkipFields.Count == 0)
        {
            return json;
        }

        var copy = json.DeepClone();
        foreach (var path in _s.SkipFields)
        {
            FieldPath.Unset(copy, path, _s.DotNotation);
        }

        return copy;
    }

    private bool ObjectsEqual(JsObject a, JsObject b)
    {
        foreach (var key in a.Keys.Union(b.Keys))
        {
            if (!FieldEqual(a[key], b[key]))
            {
                return false;
            }
        }

        return true;
    }

    private bool FieldEqual(JsValue a, JsValue b)
    {
        if (a.IsUndefined != b.IsUndefined && (!_s.Fuzzy || _s.Version < 2.1))
        {
            // Before v2.1 a field present on one side only always differs; v2.1's fuzzy compare treats it as empty.
            return false;
        }

        return _s.Fuzzy ? FuzzyEquality.AreEqual(a, b) : JsonEquality.DeepEquals(a, b);
    }
}
