namespace Tessera.Server.Operations.Metrics;

/// <summary>
/// The label set of one series, canonical (sorted by label name) so the same labels in any order meet in one series.
/// A struct of up to four pairs: building it for a measurement allocates nothing, which keeps the hot path cheap.
/// </summary>
internal readonly record struct SeriesKey(
    string? Name0, string? Value0,
    string? Name1, string? Value1,
    string? Name2, string? Value2,
    string? Name3, string? Value3)
{
    /// <summary>Most labels a series may carry; measurements with more are folded into the overflow series.</summary>
    public const int MaxLabels = 4;

    /// <summary>The series without labels.</summary>
    public static SeriesKey Empty => default;

    /// <summary>True for the key that collects measurements beyond the series limit.</summary>
    public bool IsOverflow => Name0 == OverflowLabel;

    internal const string OverflowLabel = "tessera_overflow";

    /// <summary>The series that takes what no longer fits (too many series or labels).</summary>
    public static SeriesKey Overflow => new(OverflowLabel, "true", null, null, null, null, null, null);

    /// <summary>Builds the canonical key; false when there are more than <see cref="MaxLabels"/> tags.</summary>
    public static bool TryCreate(ReadOnlySpan<KeyValuePair<string, object?>> tags, out SeriesKey key)
    {
        key = default;
        if (tags.Length > MaxLabels)
        {
            return false;
        }

        // Insertion sort of at most four indexes by label name: no allocation, a handful of comparisons.
        Span<int> order = stackalloc int[MaxLabels];
        for (var i = 0; i < tags.Length; i++)
        {
            var j = i;
            while (j > 0 && string.CompareOrdinal(tags[order[j - 1]].Key, tags[i].Key) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }

        key = new SeriesKey(
            Name(tags, order, 0), Value(tags, order, 0),
            Name(tags, order, 1), Value(tags, order, 1),
            Name(tags, order, 2), Value(tags, order, 2),
            Name(tags, order, 3), Value(tags, order, 3));
        return true;
    }

    /// <summary>The label pairs in order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Labels()
    {
        if (Name0 is not null)
        {
            yield return new(Name0, Value0 ?? string.Empty);
        }

        if (Name1 is not null)
        {
            yield return new(Name1, Value1 ?? string.Empty);
        }

        if (Name2 is not null)
        {
            yield return new(Name2, Value2 ?? string.Empty);
        }

        if (Name3 is not null)
        {
            yield return new(Name3, Value3 ?? string.Empty);
        }
    }

    private static string? Name(ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<int> order, int i) =>
        i < tags.Length ? tags[order[i]].Key : null;

    private static string? Value(ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<int> order, int i) =>
        i < tags.Length ? tags[order[i]].Value switch
        {
            null => string.Empty,
            string s => s,
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var other => other.ToString() ?? string.Empty,
        } : null;
}

/// <summary>A counter's or gauge's value, updated lock-free.</summary>
internal sealed class ValueCell
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double delta)
    {
        // Compare-and-swap: an uncontended add is one interlocked instruction, no lock.
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value) => Volatile.Write(ref _value, value);
}

/// <summary>A histogram's buckets and sum, updated lock-free. The count is the sum of the buckets (so they always agree).</summary>
internal sealed class HistogramCell(int buckets)
{
    // One slot per upper bound plus the last for values above every bound (+Inf).
    private readonly long[] _counts = new long[buckets + 1];
    private readonly ValueCell _sum = new();

    public void Record(double value, double[] bounds)
    {
        // Bounds are few (about a dozen): a linear scan beats a binary search at this size.
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _counts[i]);
        _sum.Add(value);
    }

    public double Sum => _sum.Value;

    /// <summary>Counts per bucket (not cumulative), the last being +Inf.</summary>
    public long[] Snapshot()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }

        return copy;
    }
}
