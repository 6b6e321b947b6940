namespace Tessera.Server.Triggers.Webhooks;

/// <summary>
/// A webhook path as a list of segments; a segment starting with <c>:</c> is a parameter (<c>users/:id</c>).
/// Paths are compared case-sensitively, without leading or trailing slashes.
/// </summary>
internal sealed class WebhookPath
{
    private WebhookPath(string text, string[] segments)
    {
        Text = text;
        Segments = segments;
        ParameterCount = segments.Count(s => s.StartsWith(':'));
    }

    public string Text { get; }

    public string[] Segments { get; }

    public int ParameterCount { get; }

    public bool IsDynamic => ParameterCount > 0;

    /// <summary>Parses a configured path; null with <paramref name="error"/> when it is empty or unsafe.</summary>
    public static WebhookPath? TryParse(string? path, out string error)
    {
        var segments = Split(path, out error);
        if (segments is null)
        {
            return null;
        }

        foreach (var s in segments)
        {
            if (s == ":")
            {
                error = $"The webhook path \"{path}\" has a parameter without a name; write ':name'.";
                return null;
            }
        }

        return new WebhookPath(string.Join('/', segments), segments);
    }

    /// <summary>
    /// Splits a request or configured path into segments; null (with a reason) when it is empty, climbs out with
    /// <c>.</c>/<c>..</c>, or holds backslashes, encoded slashes or control characters.
    /// </summary>
    public static string[]? Split(string? path, out string error)
    {
        var trimmed = (path ?? string.Empty).Trim('/');
        if (trimmed.Length == 0)
        {
            error = "The webhook path is empty.";
            return null;
        }

        foreach (var c in trimmed)
        {
            if (c == '\\' || char.IsControl(c))
            {
                error = "The webhook path holds a backslash or a control character.";
                return null;
            }
        }

        if (trimmed.Contains("%2f", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("%5c", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("%2e", StringComparison.OrdinalIgnoreCase))
        {
            error = "The webhook path holds an encoded slash or dot.";
            return null;
        }

        var segments = trimmed.Split('/');
        foreach (var s in segments)
        {
            if (s.Length == 0 || s == "." || s == ".." || s.Contains("..", StringComparison.Ordinal))
            {
                error = "The webhook path holds an empty, '.' or '..' segment.";
                return null;
            }
        }

        error = string.Empty;
        return segments;
    }

    /// <summary>True when <paramref name="request"/> fits this path; fills the parameter values.</summary>
    public bool TryMatch(string[] request, Dictionary<string, string> parameters)
    {
        if (request.Length != Segments.Length)
        {
            return false;
        }

        for (var i = 0; i < Segments.Length; i++)
        {
            var pattern = Segments[i];
            if (pattern.StartsWith(':'))
            {
                continue;
            }

            if (!string.Equals(pattern, request[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (var i = 0; i < Segments.Length; i++)
        {
            if (Segments[i].StartsWith(':'))
            {
                parameters[Segments[i][1..]] = request[i];
            }
        }

        return true;
    }
}
