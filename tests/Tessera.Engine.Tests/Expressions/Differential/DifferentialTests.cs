using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.JavaScript;
using Tessera.Engine.Tests.JavaScript;
using Xunit.Abstractions;

namespace Tessera.Engine.Tests.Expressions.Differential;

/// <summary>
/// Evaluates every corpus expression with <see cref="IExpressionEvaluator"/> (our evaluator, no JavaScript fallback) and
/// with the JavaScript runner, and compares values and error/non-error. Disagreements must be exactly the ones listed in
/// known-mismatches.txt: a new disagreement fails, and so does a listed one that now agrees (remove it from the list).
/// The full report is written to differential-report.txt in the test output folder.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int MinimumCorpusSize = 500;

    internal static IExpressionEvaluator CreateEvaluator() => new ExpressionEvaluator();

    [Fact]
    public void Corpus_HasAtLeast500VariedExpressions()
    {
        var corpus = DifferentialCorpus.Load();

        Assert.True(corpus.Cases.Count >= MinimumCorpusSize, $"The corpus holds {corpus.Cases.Count} cases; it needs at least {MinimumCorpusSize}.");
        Assert.True(corpus.Cases.Select(c => c.Expression).Distinct().Count() >= MinimumCorpusSize);
        Assert.All(corpus.Cases, c => Assert.InRange(c.ItemIndex, 0, corpus.ItemSets[c.Items].Count - 1));
    }

    [Fact]
    public async Task Corpus_EvaluatorAndRunner_AgreeExceptKnownMismatches()
    {
        var corpus = DifferentialCorpus.Load();
        var time = new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(corpus.NowMs));
        using var pool = new JavaScriptRunnerPool(new JavaScriptRunnerOptions { ExpressionTimeout = TimeSpan.FromSeconds(60) });
        var evaluator = CreateEvaluator();

        var outcomes = new List<(DifferentialCase Case, string Ours, string Runner)>();
        foreach (var group in corpus.Cases.GroupBy(c => c.Items))
        {
            var cases = group.ToList();
            var runnerContext = RunnerTestData.Context(corpus.Fresh(group.Key), time: time);
            var runnerResults = await pool.EvaluateAsync(
                [.. cases.Select(c => new ExpressionTask(c.Expression, c.ItemIndex))],
                new JavaScriptTaskData { Context = runnerContext, IncludeRunData = false });
            for (var i = 0; i < cases.Count; i++)
            {
                var ours = EvaluateOurs(evaluator, cases[i], RunnerTestData.Context(corpus.Fresh(group.Key), time: time));
                var runner = runnerResults[i].Error is { } e ? "error: " + e.Name + ": " + e.Message : DifferentialCanon.Of(runnerResults[i].Value);
                outcomes.Add((cases[i], ours, runner));
            }
        }

        var mismatches = outcomes.Where(o => !Agree(o.Ours, o.Runner)).ToList();
        WriteReport(outcomes, mismatches);

        var known = LoadKnownMismatches();
        var unexpected = mismatches.Where(m => !known.Contains(m.Case.Key)).ToList();
        var nowAgreeing = known.Except(mismatches.Select(m => m.Case.Key)).ToList();
        var summary = $"{outcomes.Count - mismatches.Count} of {outcomes.Count} cases agree; {mismatches.Count} mismatches ({known.Count} known).";
        output.WriteLine(summary);
        Assert.True(
            unexpected.Count == 0 && nowAgreeing.Count == 0,
            summary + "\nNew mismatches:\n" + string.Join('\n', unexpected.Take(60).Select(Describe)) +
            "\nListed in known-mismatches.txt but now agreeing (remove them):\n" + string.Join('\n', nowAgreeing.Take(60)));
    }

    private static string EvaluateOurs(IExpressionEvaluator evaluator, DifferentialCase c, ExpressionContext context)
    {
        context.ItemIndex = c.ItemIndex;
        try
        {
            return DifferentialCanon.Of(evaluator.Evaluate("={{ " + c.Expression + " }}", context));
        }
        catch (ExpressionException e)
        {
            return (e.Message.Contains("JavaScript runner", StringComparison.Ordinal) ? "error (unsupported): " : "error: ") + e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "error (crash " + e.GetType().Name + "): " + e.Message;
        }
    }

    // Both failing counts as agreement whatever the messages say; otherwise the canonical values must be identical.
    private static bool Agree(string ours, string runner) =>
        ours.StartsWith("error", StringComparison.Ordinal) && runner.StartsWith("error", StringComparison.Ordinal) || ours == runner;

    private static string Describe((DifferentialCase Case, string Ours, string Runner) m) =>
        $"  {m.Case.Key}\n      evaluator: {Short(m.Ours)}\n      runner:    {Short(m.Runner)}";

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static HashSet<string> LoadKnownMismatches()
    {
        var path = Path.Combine(DifferentialCorpus.Folder, "known-mismatches.txt");
        return File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#'))]
            : [];
    }

    private void WriteReport(List<(DifferentialCase Case, string Ours, string Runner)> outcomes, List<(DifferentialCase Case, string Ours, string Runner)> mismatches)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{outcomes.Count - mismatches.Count} of {outcomes.Count} agree; {mismatches.Count} mismatches; " +
            $"{outcomes.Count(o => o.Ours.StartsWith("error (unsupported)", StringComparison.Ordinal))} unsupported by the evaluator.");
        foreach (var m in mismatches)
        {
            sb.AppendLine(Describe(m));
        }

        var path = Path.Combine(AppContext.BaseDirectory, "differential-report.txt");
        File.WriteAllText(path, sb.ToString());
        output.WriteLine("Report: " + path);
    }
}
