using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Tessera.Server.Operations.Metrics;

/// <summary>
/// Collects one <see cref="Meter"/>'s instruments with a <see cref="MeterListener"/> and renders them in the Prometheus
/// text format for <c>GET /metrics</c>. prometheus-net and OpenTelemetry's Prometheus exporter are not available here,
/// and the format is small: counters and gauges keep one value per label set, histograms fixed buckets (the
/// instrument's bucket advice, else Prometheus' defaults).
/// </summary>
/// <remarks>
/// Listening is by meter instance, not by name: several servers in one process (tests) each export only their own.
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>Label sets kept per instrument before new ones fold into one <c>tessera_overflow="true"</c> series.</summary>
    public const int DefaultMaxSeries = 2000;

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregation> _instruments = new();
    private readonly Lock _scrape = new();

    public PrometheusExporter(Meter meter, int maxSeriesPerInstrument = DefaultMaxSeries)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    var aggregation = _instruments.GetOrAdd(instrument, i => new InstrumentAggregation(i, maxSeriesPerInstrument));
                    listener.EnableMeasurementEvents(instrument, aggregation);
                }
            },
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentAggregation? _),
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders every metric with at least one series, sorted by name.</summary>
    public string Scrape()
    {
        // Scrapes are rare and observable callbacks replace values: one at a time keeps a scrape's view consistent.
        lock (_scrape)
        {
            var metrics = _instruments.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
            foreach (var metric in metrics)
            {
                metric.ClearObserved();
            }

            _listener.RecordObservableInstruments();
            var output = new StringBuilder(4096);
            foreach (var metric in metrics)
            {
                PrometheusText.WriteFamily(output, metric);
            }

            return output.ToString();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
