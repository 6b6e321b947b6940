using System.Globalization;

namespace Tessera.Server.Operations;

/// <summary>How logs are written.</summary>
public enum ServerLogFormat
{
    /// <summary>Plain lines for people (the default).</summary>
    Text,

    /// <summary>One JSON object per line (Microsoft.Extensions.Logging's JSON console formatter) for log collectors.</summary>
    Json,
}

/// <summary>Reads the operations settings from the environment; each error names the variable and how to fix it.</summary>
internal static class OperationsEnvironment
{
    /// <summary>The default grace period for running executions on shutdown.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary><c>TESSERA_SHUTDOWN_TIMEOUT</c>: seconds (fractions allowed), default 30.</summary>
    public static TimeSpan ShutdownTimeout(Func<string, string?>? read = null)
    {
        var text = (read ?? Environment.GetEnvironmentVariable)("TESSERA_SHUTDOWN_TIMEOUT");
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultShutdownTimeout;
        }

        return double.TryParse(text.Trim().TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"TESSERA_SHUTDOWN_TIMEOUT is \"{text}\"; set it to a number of seconds between 0 and 86400 (e.g. 30).");
    }

    /// <summary><c>TESSERA_METRICS_PUBLIC</c>: true lets anyone read /metrics; default false.</summary>
    public static bool MetricsPublic(Func<string, string?>? read = null) => Flag(read, "TESSERA_METRICS_PUBLIC");

    /// <summary><c>TESSERA_LOG_FORMAT</c>: <c>text</c> (default) or <c>json</c>.</summary>
    public static ServerLogFormat LogFormat(Func<string, string?>? read = null) =>
        ServerOptions.ParseLogFormat((read ?? Environment.GetEnvironmentVariable)("TESSERA_LOG_FORMAT"), "TESSERA_LOG_FORMAT");

    private static bool Flag(Func<string, string?>? read, string name)
    {
        var text = (read ?? Environment.GetEnvironmentVariable)(name)?.Trim();
        return text?.ToLowerInvariant() switch
        {
            null or "" or "false" or "0" or "no" => false,
            "true" or "1" or "yes" => true,
            _ => throw new InvalidOperationException($"{name} is \"{text}\"; set it to true or false."),
        };
    }
}
