namespace Tessera.Engine.Data;

/// <summary>Malformed JSON: says where (1-based line and column) and what.</summary>
public sealed class JsonFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JsonFormatException(string message, long line, long column, Exception? inner = null)
        : base($"{message} (line {line}, column {column})", inner)
    {
        Line = line;
        Column = column;
        Reason = message;
    }

    /// <summary>1-based line of the problem.</summary>
    public long Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public long Column { get; }

    /// <summary>The problem without its position.</summary>
    public string Reason { get; }
}
