using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Expressions.Dates;
using Tessera.Engine.Expressions.Extensions;
using Tessera.Engine.Tests.Expressions.Dates;

namespace Tessera.Engine.Tests.Expressions.Extensions;

/// <summary>
/// Runs every case of n8n-extension-cases.json (outputs recorded from n8n-workflow 2.8.0 itself) through our extension
/// functions and compares the results.
/// </summary>
public class N8nRecordedCasesTests
{
    private static readonly Lazy<JsArray> Cases = new(Load);

    public static IEnumerable<object[]> CaseIndexes() => Enumerable.Range(0, Cases.Value.Count).Select(i => new object[] { i, Describe(i) });

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Extension_MatchesRecordedN8nOutput(int index, string expression)
    {
        var row = Cases.Value[index].AsObject();
        var expected = row["expected"];
        var receiver = Receiver(row["receiver"].AsString());
        var args = row["args"].AsArray().ToArray();
        Assert.True(ExtensionFunctions.TryGet(receiver, row["function"].AsString(), out var fn), $"{expression}: not found");

        if (expected.IsString && expected.AsString().StartsWith("ERROR:", StringComparison.Ordinal))
        {
            var kind = expected.AsString().Split(':')[1];
            var thrown = Record.Exception(() => fn(receiver, args, ExtensionTestKit.Utc));
            Assert.NotNull(thrown);
            Assert.IsType(kind == "ExpressionExtensionError" ? typeof(ExpressionException) : typeof(JsHostException), thrown);
            return;
        }

        JsValue actual;
        try
        {
            actual = fn(receiver, args, ExtensionTestKit.Utc);
        }
        catch (JsHostException) when (expected.TryGetString() == "UNDEFINED")
        {
            // A JavaScript error inside an expression evaluates to undefined in n8n, as in our evaluator.
            return;
        }

        switch (expected.TryGetString())
        {
            case "UNDEFINED":
                Assert.True(actual.IsUndefined, $"{expression}: expected undefined, got {JsConvert.ToString(actual)}");
                break;
            case { } s when s.StartsWith("DT:", StringComparison.Ordinal):
                Assert.Equal(s[3..], Assert.IsType<LuxonDateTime>(actual.Reference).ToIso());
                break;
            case { } s when s.StartsWith("DATE:", StringComparison.Ordinal):
                Assert.Equal(s[5..], Assert.IsType<JsDate>(actual.Reference).ToIsoString());
                break;
            case { } s when s.StartsWith("NUM:", StringComparison.Ordinal):
                Assert.Equal(s[4..], JsConvert.ToString(actual));
                break;
            default:
                Assert.Equal(JsonCodec.Serialize(expected), JsonCodec.Serialize(actual));
                break;
        }
    }

    private static readonly DateGlobals Globals = DateGlobals.For(ExtensionTestKit.Utc.Execution);

    private static JsValue Receiver(string source)
    {
        if (source.StartsWith("DateTime.fromISO(", StringComparison.Ordinal))
        {
            return DateTestKit.Call(Globals.DateTime, "fromISO", JsonCodec.Parse(source["DateTime.fromISO(".Length..^1]));
        }

        if (source.StartsWith("new Date(", StringComparison.Ordinal))
        {
            return ((IJsConstructor)Globals.Date.Reference!).Construct([JsonCodec.Parse(source["new Date(".Length..^1])]);
        }

        return JsonCodec.Parse(source);
    }

    private static string Describe(int i)
    {
        var row = Cases.Value[i].AsObject();
        var args = string.Join(", ", row["args"].AsArray().Select(a => JsonCodec.Serialize(a)));
        return $"({row["receiver"].AsString()}).{row["function"].AsString()}({args})";
    }

    private static JsArray Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var path = Path.Combine(dir.FullName, "tests", "Tessera.Engine.Tests", "Expressions", "Extensions", "n8n-extension-cases.json");
        return JsonCodec.Parse(File.ReadAllText(path))["cases"].AsArray();
    }
}
