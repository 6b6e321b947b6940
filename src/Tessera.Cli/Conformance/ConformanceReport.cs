namespace Tessera.Cli.Conformance;

/// <summary>The outcome of one fixture.</summary>
public enum ConformanceOutcome
{
    /// <summary>Every pinned node produced the pinned items.</summary>
    Passed,
    /// <summary>A pinned node differed, did not run, or the run failed.</summary>
    Failed,
    /// <summary>The fixture needs node types Tessera does not have, or has nothing to check.</summary>
    Skipped,
}

/// <summary>The result of one fixture.</summary>
/// <param name="Name">The fixture's path relative to the corpus directory, with '/' separators.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Detail">The first difference, the error, or why it was skipped.</param>
/// <param name="MissingNodeTypes">Node types the fixture needs that are not registered.</param>
public sealed record ConformanceCaseResult(string Name, ConformanceOutcome Outcome, string? Detail, IReadOnlyList<string> MissingNodeTypes);

/// <summary>The result of a conformance run.</summary>
public sealed class ConformanceReport
{
    /// <summary>Creates a report.</summary>
    public ConformanceReport(IReadOnlyList<ConformanceCaseResult> cases) => Cases = cases;

    /// <summary>Every fixture, in name order.</summary>
    public IReadOnlyList<ConformanceCaseResult> Cases { get; }

    /// <summary>Fixtures that passed.</summary>
    public int Passed => Cases.Count(c => c.Outcome == ConformanceOutcome.Passed);

    /// <summary>Fixtures that failed.</summary>
    public int Failed => Cases.Count(c => c.Outcome == ConformanceOutcome.Failed);

    /// <summary>Fixtures skipped.</summary>
    public int Skipped => Cases.Count(c => c.Outcome == ConformanceOutcome.Skipped);

    /// <summary>The summary line: <c>conformance: N passed, M failed, K skipped</c>.</summary>
    public string Summary => $"conformance: {Passed} passed, {Failed} failed, {Skipped} skipped";

    /// <summary>The result for a fixture, or null.</summary>
    public ConformanceCaseResult? Find(string name) => Cases.FirstOrDefault(c => c.Name == name);
}
