using System.Globalization;

namespace Tessera.Nodes.Data.RemoveDuplicates;

/// <summary>A process-local <see cref="IDeduplicationStore"/>; history is lost on restart. Thread-safe.</summary>
public sealed class InMemoryDeduplicationStore : IDeduplicationStore
{
    private readonly Dictionary<string, History> _contexts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The store used when the host registers none.</summary>
    public static InMemoryDeduplicationStore Shared { get; } = new();

    /// <inheritdoc />
    public ValueTask<bool[]> CheckAndRecordAsync(string context, IReadOnlyList<string> values, DeduplicationLogic logic, int historySize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new bool[values.Count];
        lock (_lock)
        {
            if (!_contexts.TryGetValue(context, out var history) || history.Logic != logic)
            {
                history = new History(logic);
                _contexts[context] = history;
            }

            if (logic == DeduplicationLogic.SeenValues)
            {
                for (var i = 0; i < values.Count; i++)
                {
                    result[i] = history.AddSeen(values[i], historySize);
                }
            }
            else
            {
                history.Advance(values, logic, result);
            }
        }

        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(string context, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _contexts.Remove(context);
        }

        return ValueTask.CompletedTask;
    }

    private sealed class History(DeduplicationLogic logic)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly LinkedList<string> _order = new();
        private double? _highest;

        public DeduplicationLogic Logic { get; } = logic;

        public bool AddSeen(string value, int historySize)
        {
            if (!_seen.Add(value))
            {
                return false;
            }

            _order.AddLast(value);
            while (historySize > 0 && _order.Count > historySize)
            {
                _seen.Remove(_order.First!.Value);
                _order.RemoveFirst();
            }

            return true;
        }

        // Every value of one call is compared with the highest value of earlier calls; the new highest is stored after.
        public void Advance(IReadOnlyList<string> values, DeduplicationLogic logic, bool[] result)
        {
            var baseline = _highest;
            var highest = _highest;
            for (var i = 0; i < values.Count; i++)
            {
                var n = logic == DeduplicationLogic.IncrementalNumber
                    ? double.Parse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture)
                    : DateTimeOffset.Parse(values[i], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
                result[i] = baseline is not { } b || n > b;
                highest = highest is { } h ? Math.Max(h, n) : n;
            }

            _highest = highest;
        }
    }
}
