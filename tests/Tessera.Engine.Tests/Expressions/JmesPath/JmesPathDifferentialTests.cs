using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Expressions.JmesPath;
using Tessera.Engine.Items;
using Tessera.Engine.JavaScript;
using Tessera.Engine.Tests.Expressions.Differential;
using Tessera.Engine.Tests.JavaScript;
using Xunit.Abstractions;

namespace Tessera.Engine.Tests.Expressions.JmesPath;

/// <summary>
/// Evaluates every expression of jmespath-corpus.json with our JMESPath (directly, and through <c>$jmespath</c> in an
/// n8n expression) and with the jmespath npm package n8n uses (through the JavaScript runner). Results must agree
/// exactly: the same canonical value, or an error on both sides. There is no list of tolerated mismatches.
/// </summary>
public sealed class JmesPathDifferentialTests(ITestOutputHelper output)
{
    private const int MinimumCorpusSize = 150;
    private const string ErrorMarker = "\u0001jmespath-error";

    [Fact]
    public void Corpus_HasAtLeast150DistinctExpressions()
    {
        var corpus = LoadCorpus();

        var distinct = corpus.SelectMany(c => c.Value.Expressions).Distinct().Count();

        Assert.True(distinct >= MinimumCorpusSize, $"The JMESPath corpus holds {distinct} distinct expressions; it needs at least {MinimumCorpusSize}.");
    }

    [Fact]
    public async Task Corpus_OurJmesPathAndTheNpmPackage_AgreeExactly()
    {
        var corpus = LoadCorpus();
        using var pool = new JavaScriptRunnerPool(new JavaScriptRunnerOptions { ExpressionTimeout = TimeSpan.FromSeconds(60) });
        var evaluator = new ExpressionEvaluator();
        var disagreements = new List<string>();
        var total = 0;

        foreach (var (name, (document, expressions)) in corpus)
        {
            // The runner reports a JMESPath error through a marker value: a bare error inside an expression yields undefined.
            var tasks = expressions
                .Select(e => new ExpressionTask($"(() => {{ try {{ return [$jmespath($json, {JsonCodec.Serialize(e)})]; }} catch (e) {{ return '{ErrorMarker}: ' + e.message; }} }})()", 0))
                .ToList();
            var runner = await pool.EvaluateAsync(tasks, new JavaScriptTaskData { Context = RunnerTestData.Context([new Item(document.DeepClone())]), IncludeRunData = false });
            for (var i = 0; i < expressions.Count; i++)
            {
                total++;
                var expression = expressions[i];
                var theirs = Canon(runner[i]);
                var ours = Ours(document, expression);
                var viaEvaluator = ThroughEvaluator(evaluator, document, expression);
                var expectedViaEvaluator = ours.StartsWith("error", StringComparison.Ordinal) ? "undefined" : ours;
                if (!Agree(ours, theirs) || viaEvaluator != expectedViaEvaluator)
                {
                    disagreements.Add($"  {name}: {expression}\n      ours:      {ours}\n      npm:       {theirs}\n      $jmespath: {viaEvaluator}");
                }
            }
        }

        var summary = $"{total - disagreements.Count} of {total} JMESPath cases agree.";
        output.WriteLine(summary);
        Assert.True(disagreements.Count == 0, summary + "\n" + string.Join('\n', disagreements.Take(60)));
    }

    private static bool Agree(string ours, string theirs) =>
        ours.StartsWith("error", StringComparison.Ordinal) ? theirs.StartsWith("error", StringComparison.Ordinal) : ours == theirs;

    private static string Ours(JsObject document, string expression)
    {
        try
        {
            return DifferentialCanon.Of(JmesPathSearch.Instance.Search(JsValue.FromObject(document), expression));
        }
        catch (ExpressionException e)
        {
            return "error: " + e.Message;
        }
    }

    private static string ThroughEvaluator(ExpressionEvaluator evaluator, JsObject document, string expression)
    {
        var context = RunnerTestData.Context([new Item(document)]);
        try
        {
            return DifferentialCanon.Of(evaluator.Evaluate("={{ $jmespath($json, " + JsonCodec.Serialize(expression) + ") }}", context));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "error (" + e.GetType().Name + "): " + e.Message;
        }
    }

    // The runner's value is [result] on success, or the marker string with the package's message.
    private static string Canon(ExpressionTaskResult result)
    {
        if (result.Error is { } error)
        {
            return "error (runner): " + error.Name + ": " + error.Message;
        }

        if (result.Value.TryGetString() is { } text && text.StartsWith(ErrorMarker, StringComparison.Ordinal))
        {
            return "error: " + text[(ErrorMarker.Length + 2)..];
        }

        return result.Value.IsArray && result.Value.AsArray().Count == 1
            ? DifferentialCanon.Of(result.Value.AsArray()[0])
            : "unexpected runner value: " + DifferentialCanon.Of(result.Value);
    }

    private static Dictionary<string, (JsObject Document, List<string> Expressions)> LoadCorpus()
    {
        var path = Path.Combine(DifferentialCorpus.Folder, "..", "JmesPath", "jmespath-corpus.json");
        var root = JsonCodec.Parse(File.ReadAllText(path, Encoding.UTF8)).AsObject();
        var documents = root["documents"].AsObject();
        var result = new Dictionary<string, (JsObject, List<string>)>(StringComparer.Ordinal);
        foreach (var (name, expressions) in root["cases"].AsObject())
        {
            result[name] = (documents[name].AsObject(), [.. expressions.AsArray().Select(e => e.AsString())]);
        }

        return result;
    }
}
