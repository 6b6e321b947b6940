using System.Globalization;

namespace Tessera.Server.Execution;

/// <summary>
/// Limits of the in-process <see cref="ExecutionQueue"/>. Zero for a per-project or per-workflow limit means "only the
/// global limit applies".
/// </summary>
public sealed class ExecutionQueueOptions
{
    /// <summary>
    /// Executions running at once across the process (<c>TESSERA_CONCURRENCY</c>). Default 8 × processor count: an
    /// execution spends most of its life waiting on I/O (HTTP calls, the database), so a multiple of the cores keeps
    /// them busy while still bounding memory.
    /// </summary>
    public int MaxConcurrency { get; set; } = 8 * Environment.ProcessorCount;

    /// <summary>Executions waiting for a slot across the process (<c>TESSERA_QUEUE_LIMIT</c>); beyond this, 503. Default 1,000.</summary>
    public int MaxQueued { get; set; } = 1000;

    /// <summary>Running executions per project (<c>TESSERA_PROJECT_CONCURRENCY</c>); 0 = no extra limit.</summary>
    public int MaxConcurrencyPerProject { get; set; }

    /// <summary>Running executions per workflow (<c>TESSERA_WORKFLOW_CONCURRENCY</c>); 0 = no extra limit.</summary>
    public int MaxConcurrencyPerWorkflow { get; set; }

    /// <summary>Executions of one workflow waiting for a slot (<c>TESSERA_WORKFLOW_QUEUE_LIMIT</c>); beyond this, 429. 0 = no extra limit.</summary>
    public int MaxQueuedPerWorkflow { get; set; }

    /// <summary>Reads the limits from the environment variables named on each property; unset ones keep their defaults.</summary>
    public static ExecutionQueueOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var options = new ExecutionQueueOptions();
        options.MaxConcurrency = Read(read, "TESSERA_CONCURRENCY", options.MaxConcurrency, 1);
        options.MaxQueued = Read(read, "TESSERA_QUEUE_LIMIT", options.MaxQueued, 0);
        options.MaxConcurrencyPerProject = Read(read, "TESSERA_PROJECT_CONCURRENCY", 0, 0);
        options.MaxConcurrencyPerWorkflow = Read(read, "TESSERA_WORKFLOW_CONCURRENCY", 0, 0);
        options.MaxQueuedPerWorkflow = Read(read, "TESSERA_WORKFLOW_QUEUE_LIMIT", 0, 0);
        return options;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every invalid limit.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (MaxConcurrency < 1)
        {
            problems.Add($"MaxConcurrency is {MaxConcurrency}; it must be at least 1.");
        }

        if (MaxQueued < 0 || MaxConcurrencyPerProject < 0 || MaxConcurrencyPerWorkflow < 0 || MaxQueuedPerWorkflow < 0)
        {
            problems.Add("Queue limits must not be negative (0 means no extra limit).");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid execution queue options: " + string.Join(" ", problems));
        }
    }

    private static int Read(Func<string, string?> read, string name, int fallback, int min)
    {
        var text = read(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new InvalidOperationException($"{name} is \"{text}\"; set it to a whole number of at least {min}.");
    }
}
