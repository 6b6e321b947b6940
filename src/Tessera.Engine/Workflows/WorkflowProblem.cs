namespace Tessera.Engine.Workflows;

/// <summary>One problem found in a workflow: where it is, what is wrong and how to fix it.</summary>
/// <param name="Location">Where: a JSON path, a node name and parameter, or a line and column.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
/// <param name="Code">A stable identifier of the kind of problem (for tools and the API).</param>
public sealed record WorkflowProblem(string Location, string Message, string Code)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>A workflow that cannot be loaded or run; <see cref="Problems"/> lists every problem found.</summary>
public sealed class WorkflowValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowValidationException(IReadOnlyList<WorkflowProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<WorkflowProblem> Problems { get; }

    private static string Describe(IReadOnlyList<WorkflowProblem> problems) =>
        problems.Count == 1
            ? $"The workflow is invalid: {problems[0]}"
            : $"The workflow has {problems.Count} problems:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
}
