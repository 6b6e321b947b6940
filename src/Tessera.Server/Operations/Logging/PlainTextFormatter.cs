using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Tessera.Server.Operations.Logging;

/// <summary>
/// The default, human-readable log: the message alone, as <c>tessera serve</c> has always printed it; warnings and
/// errors say so, and an exception adds its message (never a stack trace on the console).
/// </summary>
internal sealed class PlainTextFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "tessera-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var prefix = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => string.Empty,
        };
        textWriter.Write(prefix);
        textWriter.Write(message);
        if (logEntry.Exception is { } e)
        {
            textWriter.Write(" (" + e.GetType().Name + ": " + e.Message + ")");
        }

        textWriter.WriteLine();
    }
}
