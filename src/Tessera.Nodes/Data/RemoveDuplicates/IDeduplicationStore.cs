namespace Tessera.Nodes.Data.RemoveDuplicates;

/// <summary>How "seen before" is decided for values kept across executions.</summary>
public enum DeduplicationLogic
{
    /// <summary>A value is a duplicate when it was stored before.</summary>
    SeenValues,

    /// <summary>Values are numbers; a value is a duplicate unless it is greater than the highest stored one.</summary>
    IncrementalNumber,

    /// <summary>Values are dates; a value is a duplicate unless it is later than the latest stored one.</summary>
    LatestDate,
}

/// <summary>
/// Values Remove Duplicates remembers between executions ("remove items processed in previous executions").
/// A context is the scope key: one workflow node, or a whole workflow.
/// </summary>
public interface IDeduplicationStore
{
    /// <summary>
    /// Checks <paramref name="values"/> in order against the history of <paramref name="context"/>, records the new ones,
    /// and returns for each value whether it is new. For <see cref="DeduplicationLogic.SeenValues"/> the history keeps the
    /// newest <paramref name="historySize"/> values; for the other logics it keeps only the highest value.
    /// Values are numbers (invariant culture) for <see cref="DeduplicationLogic.IncrementalNumber"/> and ISO 8601 dates for
    /// <see cref="DeduplicationLogic.LatestDate"/>.
    /// </summary>
    ValueTask<bool[]> CheckAndRecordAsync(string context, IReadOnlyList<string> values, DeduplicationLogic logic, int historySize, CancellationToken cancellationToken);

    /// <summary>Forgets everything stored for <paramref name="context"/>.</summary>
    ValueTask ClearAsync(string context, CancellationToken cancellationToken);
}
