using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tessera.Server.Operations.Metrics;

/// <summary>The Prometheus metric type an instrument is exposed as.</summary>
internal enum PrometheusType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// Everything measured on one instrument, by label set. Recording is lock-free: a dictionary read for the series
/// (lock-free in <see cref="ConcurrentDictionary{TKey, TValue}"/>) and one interlocked update of its cell.
/// </summary>
internal sealed class InstrumentAggregation
{
    /// <summary>Prometheus' default buckets, used when an instrument gives no bucket advice.</summary>
    public static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<SeriesKey, object> _series = new();
    private readonly int _maxSeries;
    private readonly bool _absolute;
    private int _seriesCount;

    public InstrumentAggregation(Instrument instrument, int maxSeries)
    {
        Instrument = instrument;
        _maxSeries = maxSeries;
        Name = PrometheusText.MetricName(instrument.Name);
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        (Type, _absolute) = definition switch
        {
            _ when definition == typeof(Histogram<>) => (PrometheusType.Histogram, false),
            _ when definition == typeof(Counter<>) => (PrometheusType.Counter, false),
            // Observable counters report their running total: the value is set, not added.
            _ when definition == typeof(ObservableCounter<>) => (PrometheusType.Counter, true),
            _ when definition == typeof(UpDownCounter<>) => (PrometheusType.Gauge, false),
            _ => (PrometheusType.Gauge, true),
        };
        Buckets = Type == PrometheusType.Histogram ? BucketsOf(instrument) : [];
    }

    public Instrument Instrument { get; }

    /// <summary>The metric name (the instrument's, made a valid Prometheus name).</summary>
    public string Name { get; }

    public PrometheusType Type { get; }

    /// <summary>Upper bounds of a histogram's buckets, ascending, without +Inf.</summary>
    public double[] Buckets { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var cell = CellFor(tags);
        if (cell is HistogramCell histogram)
        {
            histogram.Record(value, Buckets);
        }
        else if (_absolute)
        {
            ((ValueCell)cell).Set(value);
        }
        else
        {
            ((ValueCell)cell).Add(value);
        }
    }

    /// <summary>Forgets observed values before observable instruments report again (series that vanished must go).</summary>
    public void ClearObserved()
    {
        if (Instrument.IsObservable)
        {
            _series.Clear();
            Interlocked.Exchange(ref _seriesCount, 0);
        }
    }

    /// <summary>The series, sorted by labels so the output is stable.</summary>
    public IReadOnlyList<KeyValuePair<SeriesKey, object>> Snapshot() =>
        [.. _series.OrderBy(s => string.Join('\u0001', s.Key.Labels().Select(l => l.Key + "=" + l.Value)), StringComparer.Ordinal)];

    private object CellFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!SeriesKey.TryCreate(tags, out var key))
        {
            key = SeriesKey.Overflow;
        }

        if (_series.TryGetValue(key, out var cell))
        {
            return cell;
        }

        // A label with unbounded values must not grow memory without end: past the limit, new label sets share one series.
        if (Volatile.Read(ref _seriesCount) >= _maxSeries && !key.IsOverflow)
        {
            key = SeriesKey.Overflow;
            if (_series.TryGetValue(key, out cell))
            {
                return cell;
            }
        }

        var created = Type == PrometheusType.Histogram ? (object)new HistogramCell(Buckets.Length) : new ValueCell();
        var actual = _series.GetOrAdd(key, created);
        if (ReferenceEquals(actual, created))
        {
            Interlocked.Increment(ref _seriesCount);
        }

        return actual;
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            _ => null,
        };
        return advised is { Count: > 0 }
            ? [.. advised.Where(b => !double.IsNaN(b) && !double.IsPositiveInfinity(b)).Distinct().Order()]
            : DefaultBuckets;
    }
}
