using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;

namespace Tessera.Engine.Tests.Expressions.Dates;

/// <summary>
/// Replays DateTime call chains whose results were recorded from n8n-workflow 2.8.0 (luxon-recorded-chains.json), in
/// three workflow zones, through our DateTime host objects.
/// </summary>
public class LuxonRecordedChainsTests
{
    private static readonly Lazy<JsObject> Zones = new(Load);

    public static IEnumerable<object[]> Cases() =>
        Zones.Value.SelectMany(z => Enumerable.Range(0, z.Value.AsArray().Count).Select(i => new object[] { z.Key, i, Describe(z.Key, i) }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chain_MatchesRecordedN8nOutput(string zone, int index, string expression)
    {
        var row = Zones.Value[zone].AsArray()[index].AsObject();
        var globals = DateGlobals.Create(new FixedTimeProvider(DateTestKit.FixedNow), zone == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone));
        var expected = row["expected"];
        JsValue actual;
        try
        {
            actual = Start(globals, row["start"].AsArray());
            foreach (var step in row["chain"].AsArray())
            {
                var parts = step.AsArray();
                var name = parts[0].AsString();
                actual = parts.Count == 1
                    ? DateTestKit.Member(actual, name)
                    : DateTestKit.Call(actual, name, parts[1].AsArray().Select(a => Convert(globals, a)).ToArray());
            }
        }
        catch (JsHostException) when (expected.TryGetString() is "UNDEFINED" || expected.IsNull)
        {
            return;
        }

        var text = expected.TryGetString();
        if (text is not null && text.StartsWith("DT:", StringComparison.Ordinal))
        {
            Assert.Equal(text[3..], Assert.IsType<LuxonDateTime>(actual.Reference).ToIso());
        }
        else if (text is not null && text.StartsWith("DUR:", StringComparison.Ordinal))
        {
            Assert.Equal(text[4..], Assert.IsType<LuxonDuration>(actual.Reference).ToIso());
        }
        else if (text is not null && text.StartsWith("DATE:", StringComparison.Ordinal))
        {
            Assert.Equal(text[5..], JsConvert.ToString(Assert.IsType<JsDate>(actual.Reference).Time));
        }
        else if (text is not null && text.StartsWith("NUM:", StringComparison.Ordinal))
        {
            Assert.Equal(text[4..], JsConvert.ToString(actual));
        }
        else if (text == "UNDEFINED")
        {
            Assert.True(actual.IsUndefined, expression);
        }
        else
        {
            Assert.Equal(JsonCodec.Serialize(expected), JsonCodec.Serialize(actual));
        }
    }

    private static JsValue Start(DateGlobals g, JsArray call)
    {
        var name = call[0].AsString();
        var args = call.Skip(1).Select(a => Convert(g, a)).ToArray();
        return name switch
        {
            "newDate" => ((IJsConstructor)g.Date.Reference!).Construct(args),
            _ when name.StartsWith("Duration.", StringComparison.Ordinal) => DateTestKit.Call(g.Duration, name["Duration.".Length..], args),
            _ when name.StartsWith("Interval.", StringComparison.Ordinal) => DateTestKit.Call(g.Interval, name["Interval.".Length..], args),
            _ => DateTestKit.Call(g.DateTime, name, args),
        };
    }

    private static JsValue Convert(DateGlobals g, JsValue value)
    {
        if (value.TryGetArray() is { Count: > 0 } arr && arr[0].TryGetString() is { } s
            && (s.StartsWith("from", StringComparison.Ordinal) || s is "local" or "utc" or "newDate"
                || s.StartsWith("Duration.", StringComparison.Ordinal) || s.StartsWith("Interval.", StringComparison.Ordinal)))
        {
            return Start(g, arr);
        }

        if (value.TryGetObject() is { } obj)
        {
            var copy = new JsObject();
            foreach (var (k, v) in obj)
            {
                copy.Set(k, Convert(g, v));
            }

            return copy;
        }

        return value;
    }

    private static string Describe(string zone, int index)
    {
        var row = Zones.Value[zone].AsArray()[index].AsObject();
        var text = "DateTime." + JsonCodec.Serialize(row["start"]);
        foreach (var step in row["chain"].AsArray())
        {
            var parts = step.AsArray();
            text += "." + parts[0].AsString() + (parts.Count > 1 ? "(" + JsonCodec.Serialize(parts[1])[1..^1] + ")" : "");
        }

        return text;
    }

    private static JsObject Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var path = Path.Combine(dir.FullName, "tests", "Tessera.Engine.Tests", "Expressions", "Dates", "luxon-recorded-chains.json");
        return JsonCodec.Parse(File.ReadAllText(path))["zones"].AsObject();
    }
}
