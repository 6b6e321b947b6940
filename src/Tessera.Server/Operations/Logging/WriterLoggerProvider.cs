using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Tessera.Server.Operations.Logging;

/// <summary>
/// Writes log entries to the server's log writer (<see cref="ServerOptions.Log"/>: the console for <c>tessera serve</c>,
/// a StringWriter in tests) through a console formatter — the built-in JSON one for <c>--log-format json</c>. The
/// console provider itself always writes to <see cref="Console"/>, which a host embedding the server may not want.
/// </summary>
[ProviderAlias("TesseraWriter")]
internal sealed class WriterLoggerProvider(TextWriter writer, ConsoleFormatter formatter) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, WriterLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new WriterLogger(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _loggers.Clear();

    private void Write<TState>(in LogEntry<TState> entry)
    {
        // Format outside the lock; only the write of the finished line is serialized (lines never interleave).
        using var buffer = new StringWriter();
        formatter.Write(in entry, _scopes, buffer);
        var text = buffer.ToString();
        if (text.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            writer.Write(text);
            writer.Flush();
        }
    }

    private sealed class WriterLogger(string category, WriterLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        // Levels are filtered by the logging builder's rules before this is reached.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
            }
        }
    }
}
