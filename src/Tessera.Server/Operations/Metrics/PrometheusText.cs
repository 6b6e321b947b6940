using System.Globalization;
using System.Text;

namespace Tessera.Server.Operations.Metrics;

/// <summary>
/// The Prometheus text exposition format, version 0.0.4: names, escaping, numbers, and one metric family at a time
/// (HELP, TYPE, samples; histograms as cumulative <c>_bucket{le=…}</c> up to +Inf, then <c>_sum</c> and <c>_count</c>).
/// </summary>
internal static class PrometheusText
{
    /// <summary>The Content-Type scrapers expect for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A valid metric name: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, other characters become '_'.</summary>
    public static string MetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>A valid label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, other characters become '_'.</summary>
    public static string LabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>A label value escaped for the inside of double quotes: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }

        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>HELP text escaped: backslash and line feed (quotes are fine there).</summary>
    public static string EscapeHelp(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value as Prometheus parses it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Writes one metric family.</summary>
    public static void WriteFamily(StringBuilder output, InstrumentAggregation metric)
    {
        var series = metric.Snapshot();
        if (series.Count == 0)
        {
            return;
        }

        var help = metric.Instrument.Description is { Length: > 0 } description ? description : metric.Instrument.Name;
        output.Append("# HELP ").Append(metric.Name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        output.Append("# TYPE ").Append(metric.Name).Append(' ').Append(metric.Type switch
        {
            PrometheusType.Counter => "counter",
            PrometheusType.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');

        foreach (var (key, cell) in series)
        {
            if (cell is HistogramCell histogram)
            {
                WriteHistogram(output, metric, key, histogram);
            }
            else
            {
                Sample(output, metric.Name, key, null, ((ValueCell)cell).Value);
            }
        }
    }

    private static void WriteHistogram(StringBuilder output, InstrumentAggregation metric, SeriesKey key, HistogramCell histogram)
    {
        var counts = histogram.Snapshot();
        long cumulative = 0;
        for (var i = 0; i < metric.Buckets.Length; i++)
        {
            cumulative += counts[i];
            Sample(output, metric.Name + "_bucket", key, Number(metric.Buckets[i]), cumulative);
        }

        cumulative += counts[^1];
        Sample(output, metric.Name + "_bucket", key, "+Inf", cumulative);
        Sample(output, metric.Name + "_sum", key, null, histogram.Sum);
        Sample(output, metric.Name + "_count", key, null, cumulative);
    }

    private static void Sample(StringBuilder output, string name, SeriesKey key, string? le, double value)
    {
        output.Append(name);
        var first = true;
        foreach (var (label, text) in key.Labels())
        {
            output.Append(first ? '{' : ',').Append(LabelName(label)).Append("=\"").Append(EscapeLabelValue(text)).Append('"');
            first = false;
        }

        if (le is not null)
        {
            output.Append(first ? '{' : ',').Append("le=\"").Append(le).Append('"');
            first = false;
        }

        if (!first)
        {
            output.Append('}');
        }

        output.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
