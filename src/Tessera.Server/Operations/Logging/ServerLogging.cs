using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Tessera.Server.Operations.Logging;

/// <summary>
/// Sets up logging to <see cref="ServerOptions.Log"/>: plain lines by default, or with <c>TESSERA_LOG_FORMAT=json</c>
/// one JSON object per line from Microsoft.Extensions.Logging's JSON console formatter (timestamp, level, category,
/// message, scopes such as the execution and workflow id).
/// </summary>
internal static class ServerLogging
{
    /// <summary>
    /// Adds the providers and returns the options the server runs with: for JSON logs a copy whose
    /// <see cref="ServerOptions.Log"/> turns plain lines into log entries (call <see cref="Attach"/> after the build).
    /// </summary>
    public static ServerOptions Configure(ILoggingBuilder logging, ServerOptions options)
    {
        logging.ClearProviders();
        var format = options.LogFormat ?? OperationsEnvironment.LogFormat();
        if (options.Log is not { } writer)
        {
            return options;
        }

        logging.SetMinimumLevel(LogLevel.Information);
        // The framework's own chatter (request starts, hosting) only when something is wrong.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        // Off entirely: with any level enabled, hosting and Kestrel open a log scope per request and per connection,
        // a measurable cost at thousands of webhook calls a second for entries that would all be filtered out.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.None);
        if (format == ServerLogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                // Relaxed escaping keeps messages readable ("Ctrl+C", not "Ctrl\u002BC"); the output is still valid JSON.
                json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
            // Keep the JSON formatter, but write through our provider to the server's writer, not straight to Console.
            logging.Services.RemoveAll<ILoggerProvider>();
            logging.Services.AddSingleton<ILoggerProvider>(sp => new WriterLoggerProvider(
                writer, sp.GetServices<ConsoleFormatter>().First(f => f.Name == ConsoleFormatterNames.Json)));
            var copy = options.WithLog(new LoggerTextWriter());
            return copy;
        }

        logging.Services.AddSingleton<ILoggerProvider>(_ => new WriterLoggerProvider(writer, new PlainTextFormatter()));
        return options;
    }

    /// <summary>Connects a JSON run's line writer to the application's logger.</summary>
    public static void Attach(ServerOptions options, IServiceProvider services)
    {
        if (options.Log is LoggerTextWriter lines)
        {
            lines.Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Server");
        }
    }
}
