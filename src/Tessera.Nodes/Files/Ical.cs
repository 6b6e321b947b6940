using System.Globalization;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>Writes one iCalendar event from Convert to File's parameters, and reads events back (Extract from File).</summary>
internal static class Ical
{
    public static string Write(NodeExecutionContext context, int index, DateTimeOffset now)
    {
        var fields = context.GetObject("additionalFields", index);
        var allDay = context.GetBoolean("allDay", index);
        var zone = context.Execution.TimeZone;
        var start = ParseDate(context.GetString("start", index), zone, "Start", index);
        var endText = context.GetString("end", index);
        var end = endText.Length > 0 ? ParseDate(endText, zone, "End", index) : start.AddHours(allDay ? 24 : 1);
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(Fold(text)).Append("\r\n");

        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("CALSCALE:GREGORIAN");
        Line("PRODID:-//Tessera//Tessera Workflow//EN");
        Line("METHOD:PUBLISH");
        if (fields["calName"].TryGetString() is { Length: > 0 } calendar)
        {
            Line("X-WR-CALNAME:" + Escape(calendar));
        }

        Line("BEGIN:VEVENT");
        Line("UID:" + (fields["uid"].TryGetString() is { Length: > 0 } uid ? uid : Guid.NewGuid().ToString()));
        Line("SUMMARY:" + Escape(context.GetString("title", index, "Event") is { Length: > 0 } t ? t : "Event"));
        Line("DTSTAMP:" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (allDay)
        {
            Line("DTSTART;VALUE=DATE:" + start.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line("DTEND;VALUE=DATE:" + end.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }
        else
        {
            Line("DTSTART:" + start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            Line("DTEND:" + end.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        }

        foreach (var (field, property) in new[] { ("description", "DESCRIPTION"), ("location", "LOCATION"), ("url", "URL"), ("status", "STATUS"), ("recurrenceRule", "RRULE") })
        {
            if (fields[field].TryGetString() is { Length: > 0 } value)
            {
                Line(property + ":" + (field is "recurrenceRule" or "url" ? value : Escape(value)));
            }
        }

        if (fields["busyStatus"].TryGetString() is { Length: > 0 } busy)
        {
            Line("X-MICROSOFT-CDO-BUSYSTATUS:" + busy);
        }

        if (fields["sequence"].IsNumber)
        {
            Line("SEQUENCE:" + JsNumber.ToString(fields["sequence"].AsNumber()));
        }

        if (fields["organizer"].TryGetObject() is { } organizer && organizer["email"].TryGetString() is { Length: > 0 } organizerEmail)
        {
            Line($"ORGANIZER;CN={Escape(organizer["name"].TryGetString() ?? organizerEmail)}:mailto:{organizerEmail}");
        }

        foreach (var attendee in fields.GetPath("attendeesUi.values").TryGetArray() ?? [])
        {
            if (attendee.TryGetObject() is { } a && a["email"].TryGetString() is { Length: > 0 } email)
            {
                Line($"ATTENDEE;CN={Escape(a["name"].TryGetString() ?? email)};RSVP={(a["rsvp"].IsBoolean && a["rsvp"].AsBoolean() ? "TRUE" : "FALSE")}:mailto:{email}");
            }
        }

        Line("END:VEVENT");
        Line("END:VCALENDAR");
        return sb.ToString();
    }

    /// <summary>Reads VEVENTs as <c>{ events: [ { summary, description, start, end, … } ] }</c>; other top-level properties are kept too.</summary>
    public static JsObject Read(string text)
    {
        var result = new JsObject();
        var events = new JsArray();
        JsObject? current = null;
        foreach (var line in Unfold(text))
        {
            var colon = FindValueColon(line);
            if (colon < 0)
            {
                continue;
            }

            var head = line[..colon];
            var value = line[(colon + 1)..];
            var name = head.Split(';')[0].ToUpperInvariant();
            if (name == "BEGIN" && value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                current = new JsObject();
                continue;
            }

            if (name == "END" && value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                if (current is not null)
                {
                    events.Add(current);
                }

                current = null;
                continue;
            }

            if (name is "BEGIN" or "END")
            {
                continue;
            }

            var key = name switch
            {
                "DTSTART" => "start",
                "DTEND" => "end",
                "DTSTAMP" => "dtstamp",
                _ => name.ToLowerInvariant(),
            };
            JsValue parsed = name.StartsWith("DT", StringComparison.Ordinal) ? DateValue(value) : Unescape(value);
            var target = current ?? result;
            if (target.TryGetValue(key, out var existing))
            {
                target[key] = existing.TryGetArray() is { } list ? AddTo(list, parsed) : new JsArray { existing, parsed };
            }
            else
            {
                target[key] = parsed;
            }
        }

        result["events"] = events;
        return result;
    }

    private static JsArray AddTo(JsArray list, JsValue value)
    {
        list.Add(value);
        return list;
    }

    private static int FindValueColon(string line)
    {
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (line[i] == ':' && !inQuotes)
            {
                return i;
            }
        }

        return -1;
    }

    private static string DateValue(string value)
    {
        string[] formats = ["yyyyMMdd'T'HHmmss'Z'", "yyyyMMdd'T'HHmmss", "yyyyMMdd"];
        if (DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            return date.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        return value;
    }

    private static IEnumerable<string> Unfold(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var current = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }

            if (current.Length > 0)
            {
                yield return current.ToString();
            }

            current.Clear().Append(line);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static DateTimeOffset ParseDate(string text, TimeZoneInfo zone, string label, int index)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || HasOffset(text)))
        {
            return parsed;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        throw new NodeOperationException($"The {label} date '{text}' is not a date", index, "Use an ISO date such as 2024-01-03T10:00:00.");
    }

    private static bool HasOffset(string text) => text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Unescape(string text) => text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\N", "\n", StringComparison.Ordinal)
        .Replace("\\,", ",", StringComparison.Ordinal).Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    // Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1).
    private static string Fold(string line)
    {
        if (Encoding.UTF8.GetByteCount(line) <= 75)
        {
            return line;
        }

        var sb = new StringBuilder();
        var count = 0;
        foreach (var ch in line)
        {
            var size = Encoding.UTF8.GetByteCount([ch]);
            if (count + size > 75)
            {
                sb.Append("\r\n ");
                count = 1;
            }

            sb.Append(ch);
            count += size;
        }

        return sb.ToString();
    }
}
