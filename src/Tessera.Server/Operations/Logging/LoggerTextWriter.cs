using System.Text;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Operations.Logging;

/// <summary>
/// A TextWriter whose lines become log entries: with JSON logs on, the places that write plain lines to
/// <see cref="ServerOptions.Log"/> (start-up notes, trigger failures) produce JSON objects like everything else.
/// </summary>
internal sealed class LoggerTextWriter : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    /// <summary>Set once the application's logger exists (nothing is written before: the server logs only after it is built).</summary>
    public ILogger? Logger { get; set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                EmitLocked();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var c in value)
            {
                if (c == '\n')
                {
                    EmitLocked();
                }
                else if (c != '\r')
                {
                    _line.Append(c);
                }
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _line.Append(value);
            EmitLocked();
        }
    }

    private void EmitLocked()
    {
        if (Logger is null || _line.Length == 0)
        {
            _line.Clear();
            return;
        }

        var text = _line.ToString();
        _line.Clear();
        var level = text.StartsWith("error", StringComparison.OrdinalIgnoreCase) || text.Contains(" failed", StringComparison.OrdinalIgnoreCase) || text.Contains("could not", StringComparison.OrdinalIgnoreCase)
            ? LogLevel.Warning
            : LogLevel.Information;
        Logger.Log(level, new EventId(1, "ServerLog"), text, null, static (s, _) => s);
    }
}
