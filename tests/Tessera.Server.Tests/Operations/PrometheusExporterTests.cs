using System.Diagnostics.Metrics;
using Tessera.Server.Operations.Metrics;

namespace Tessera.Server.Tests.Operations;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new("Tessera.Tests." + Guid.NewGuid().ToString("n"));

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void Scrape_Counter_WritesHelpTypeAndOneSamplePerLabelSet()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("runs_total", null, "Runs so far.");

        counter.Add(2, new KeyValuePair<string, object?>("workflow_id", "a"), new KeyValuePair<string, object?>("status", "ok"));
        counter.Add(3, new KeyValuePair<string, object?>("status", "ok"), new KeyValuePair<string, object?>("workflow_id", "a"));
        counter.Add(1, new KeyValuePair<string, object?>("workflow_id", "b"), new KeyValuePair<string, object?>("status", "ok"));

        Assert.Equal(
            "# HELP runs_total Runs so far.\n" +
            "# TYPE runs_total counter\n" +
            "runs_total{status=\"ok\",workflow_id=\"a\"} 5\n" +
            "runs_total{status=\"ok\",workflow_id=\"b\"} 1\n",
            exporter.Scrape());
    }

    [Fact]
    public void Scrape_Histogram_WritesCumulativeBucketsInfSumAndCount()
    {
        using var exporter = new PrometheusExporter(_meter);
        var histogram = _meter.CreateHistogram("took_seconds", "s", "Time taken.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.125, 1] });

        histogram.Record(0.0625, new KeyValuePair<string, object?>("node_type", "set"));
        histogram.Record(0.125, new KeyValuePair<string, object?>("node_type", "set"));
        histogram.Record(0.5, new KeyValuePair<string, object?>("node_type", "set"));
        histogram.Record(7, new KeyValuePair<string, object?>("node_type", "set"));

        Assert.Equal(
            "# HELP took_seconds Time taken.\n" +
            "# TYPE took_seconds histogram\n" +
            "took_seconds_bucket{node_type=\"set\",le=\"0.125\"} 2\n" +
            "took_seconds_bucket{node_type=\"set\",le=\"1\"} 3\n" +
            "took_seconds_bucket{node_type=\"set\",le=\"+Inf\"} 4\n" +
            "took_seconds_sum{node_type=\"set\"} 7.6875\n" +
            "took_seconds_count{node_type=\"set\"} 4\n",
            exporter.Scrape());
    }

    [Fact]
    public void Scrape_HistogramWithoutAdvice_UsesPrometheusDefaultBuckets()
    {
        using var exporter = new PrometheusExporter(_meter);
        _meter.CreateHistogram<double>("plain_seconds").Record(0.3);

        var text = exporter.Scrape();

        Assert.Contains("plain_seconds_bucket{le=\"0.25\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("plain_seconds_bucket{le=\"0.5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("plain_seconds_bucket{le=\"10\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("plain_seconds_count 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_ObservableGauge_ReportsCurrentValueAtEachScrape()
    {
        using var exporter = new PrometheusExporter(_meter);
        var depth = 3;
        _meter.CreateObservableGauge("queue_depth", () => depth, null, "Waiting.");

        var first = exporter.Scrape();
        depth = 7;
        var second = exporter.Scrape();

        Assert.Contains("# TYPE queue_depth gauge\nqueue_depth 3\n", first, StringComparison.Ordinal);
        Assert.Contains("queue_depth 7\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain("queue_depth 3", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_LabelValueWithQuotesBackslashesAndNewlines_IsEscaped()
    {
        using var exporter = new PrometheusExporter(_meter);
        _meter.CreateCounter<long>("odd_total", null, "Help with a \\ backslash\nand a newline.").Add(1, new KeyValuePair<string, object?>("id", "a\"b\\c\nd"));

        var text = exporter.Scrape();

        Assert.Contains("# HELP odd_total Help with a \\\\ backslash\\nand a newline.\n", text, StringComparison.Ordinal);
        Assert.Contains("odd_total{id=\"a\\\"b\\\\c\\nd\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_InvalidNames_AreMadeValid()
    {
        using var exporter = new PrometheusExporter(_meter);
        _meter.CreateCounter<long>("http.server-requests").Add(1, new KeyValuePair<string, object?>("http.method", "GET"));

        Assert.Contains("http_server_requests{http_method=\"GET\"} 1\n", exporter.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_BeyondTheSeriesLimit_FoldsNewLabelSetsIntoOverflowSeries()
    {
        using var exporter = new PrometheusExporter(_meter, maxSeriesPerInstrument: 2);
        var counter = _meter.CreateCounter<long>("many_total");

        foreach (var id in new[] { "a", "b", "c", "d", "a" })
        {
            counter.Add(1, new KeyValuePair<string, object?>("workflow_id", id));
        }

        var text = exporter.Scrape();
        Assert.Contains("many_total{workflow_id=\"a\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("many_total{workflow_id=\"b\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("many_total{tessera_overflow=\"true\"} 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"c\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_OtherMeterWithSameName_IsNotExported()
    {
        using var exporter = new PrometheusExporter(_meter);
        using var other = new Meter(_meter.Name);
        other.CreateCounter<long>("foreign_total").Add(1);
        _meter.CreateCounter<long>("own_total").Add(1);

        var text = exporter.Scrape();

        Assert.Contains("own_total 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("foreign_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_ConcurrentIncrements_AreAllCounted()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("busy_total");
        var histogram = _meter.CreateHistogram<double>("busy_seconds");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("t", (t % 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                histogram.Record(0.5);
            }
        })));

        var text = exporter.Scrape();
        Assert.Contains("busy_total{t=\"0\"} 40000\n", text, StringComparison.Ordinal);
        Assert.Contains("busy_total{t=\"1\"} 40000\n", text, StringComparison.Ordinal);
        Assert.Contains("busy_seconds_count 80000\n", text, StringComparison.Ordinal);
        Assert.Contains("busy_seconds_sum 40000\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.25, "0.25")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1e21, "1E+21")]
    public void Number_Value_IsFormattedForPrometheus(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.Number(value));
}
