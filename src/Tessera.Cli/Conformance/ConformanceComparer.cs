using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Cli.Conformance;

/// <summary>
/// Compares a node's output with pinned items the way n8n's node-test harness does: pairedItem and binary are dropped,
/// a bare pinned object is the item's json, errors compare by message, key order is ignored.
/// </summary>
internal static class ConformanceComparer
{
    /// <summary>The first difference between pinned and actual items, or null when they match.</summary>
    public static string? FirstDifference(JsArray pinned, IReadOnlyList<Item> actual)
    {
        var expected = new JsArray(pinned.Count);
        foreach (var entry in pinned)
        {
            expected.Add(NormaliseExpected(entry));
        }

        var found = new JsArray(actual.Count);
        var wantErrors = expected.Items.Exists(e => e.TryGetObject()?.ContainsKey("error") == true);
        foreach (var item in actual)
        {
            found.Add(NormaliseActual(item, wantErrors));
        }

        return JsonEquality.FirstDifference(expected, found, "$");
    }

    private static JsValue NormaliseExpected(JsValue entry)
    {
        var obj = entry.TryGetObject();
        if (obj is null)
        {
            return new JsObject { ["json"] = new JsObject { ["data"] = entry } };
        }

        if (!obj.ContainsKey("json"))
        {
            return new JsObject { ["json"] = obj };
        }

        var result = new JsObject { ["json"] = obj["json"].IsObject ? obj["json"] : new JsObject() };
        if (obj.ContainsKey("error"))
        {
            result["error"] = ErrorMessage(obj["error"]);
        }

        return result;
    }

    private static JsValue NormaliseActual(Item item, bool withError)
    {
        var json = item.Json;
        if (json["error"] is { IsObject: true } error && error.AsObject().ContainsKey("message"))
        {
            // n8n's harness turns an Error in json.error into { message, name, description, context }.
            json = json.DeepClone();
            var e = error.AsObject();
            json["error"] = new JsObject
            {
                ["message"] = e["message"],
                ["name"] = e["name"],
                ["description"] = e["description"],
                ["context"] = e["context"],
            };
        }

        var result = new JsObject { ["json"] = json };
        if (withError)
        {
            result["error"] = item.Error is { } err ? err.Message : JsValue.Undefined;
        }

        return result;
    }

    private static JsValue ErrorMessage(JsValue error) =>
        error.TryGetObject() is { } obj && obj["message"].IsString ? obj["message"] : error;
}
