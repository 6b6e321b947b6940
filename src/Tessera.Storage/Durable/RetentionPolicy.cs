using System.Globalization;

namespace Tessera.Storage.Durable;

/// <summary>Which finished executions to prune or compact. Running and waiting executions are never touched.</summary>
public sealed record RetentionPolicy
{
    /// <summary>Environment variable: delete finished executions older than this ("14d", "12h", "30m", "90s").</summary>
    public const string MaxAgeVariable = "TESSERA_EXECUTIONS_MAX_AGE";

    /// <summary>Environment variable: keep at most this many finished executions.</summary>
    public const string MaxCountVariable = "TESSERA_EXECUTIONS_MAX_COUNT";

    /// <summary>Delete executions that finished longer ago than this; null keeps any age.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Keep at most this many finished executions (the newest); null keeps any number.</summary>
    public int? MaxCount { get; init; }

    /// <summary>Compact (keep the summary, drop item data) executions that finished longer ago than this; null never compacts.</summary>
    public TimeSpan? CompactAfter { get; init; }

    /// <summary>Executions per transaction, 1–500. Default 100: each transaction stays short even with long journals.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>True when the policy asks for anything.</summary>
    public bool IsEmpty => MaxAge is null && MaxCount is null && CompactAfter is null;

    /// <summary>Reads <c>TESSERA_EXECUTIONS_MAX_AGE</c> and <c>TESSERA_EXECUTIONS_MAX_COUNT</c>.</summary>
    /// <exception cref="FormatException">A variable holds something that is not an age or a count.</exception>
    public static RetentionPolicy FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var age = getVariable(MaxAgeVariable);
        var count = getVariable(MaxCountVariable);
        return new RetentionPolicy
        {
            MaxAge = string.IsNullOrWhiteSpace(age) ? null : ParseAge(age, MaxAgeVariable),
            MaxCount = string.IsNullOrWhiteSpace(count) ? null
                : int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new FormatException($"{MaxCountVariable}='{count}' is not a whole number of executions; use e.g. 10000."),
        };
    }

    /// <summary>Parses "14d", "12h", "30m", "90s" or "2w".</summary>
    /// <exception cref="FormatException">Not an age.</exception>
    public static TimeSpan ParseAge(string text, string what = "age")
    {
        var t = text.Trim();
        if (t.Length >= 2 && double.TryParse(t[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
                case 'w': return TimeSpan.FromDays(amount * 7);
            }
        }

        throw new FormatException($"{what}='{text}' is not an age; use a number and a unit: 90s, 30m, 12h, 14d or 2w.");
    }
}

/// <summary>What a prune did.</summary>
/// <param name="DeletedByAge">Executions deleted for being older than the maximum age.</param>
/// <param name="DeletedByCount">Executions deleted for being beyond the maximum count.</param>
/// <param name="Compacted">Executions compacted.</param>
/// <param name="Batches">Transactions used.</param>
public sealed record PruneResult(int DeletedByAge, int DeletedByCount, int Compacted, int Batches)
{
    /// <summary>Executions deleted in total.</summary>
    public int Deleted => DeletedByAge + DeletedByCount;
}

/// <summary>No execution has this id.</summary>
public sealed class ExecutionNotFoundException(string executionId)
    : Exception($"There is no execution '{executionId}'; list them with `tessera executions list`.")
{
    /// <summary>The id asked for.</summary>
    public string ExecutionId { get; } = executionId;
}
