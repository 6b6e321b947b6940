using Tessera.Engine.Execution;
using Tessera.Engine.Journal;

namespace Tessera.Storage.Durable;

/// <summary>Copies <see cref="RunOptions"/> (init-only) with the members the service owns replaced.</summary>
internal static class RunOptionsCopy
{
    public static RunOptions With(
        RunOptions o, string executionId, IExecutionJournal journal, string resumeUrl, IReadOnlyList<NodeCompleted>? history,
        long? journalSequence, TimeProvider time, IReadOnlyDictionary<string, string>? environment) => new()
    {
        ExecutionId = executionId,
        Mode = o.Mode,
        TriggerItems = o.TriggerItems,
        UsePinData = o.UsePinData,
        StartNode = o.StartNode,
        DestinationNode = o.DestinationNode,
        Journal = journal,
        History = history,
        JournalSequence = journalSequence,
        Time = time,
        TimeZone = o.TimeZone,
        Timeout = o.Timeout,
        Depth = o.Depth,
        Environment = environment,
        ResumeUrl = resumeUrl,
        ParentExecutionId = o.ParentExecutionId,
        WorkflowId = o.WorkflowId,
    };
}
