using System.Collections.Concurrent;
using System.Globalization;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>A time zone as Luxon sees it: a name, whether its offset is fixed, and its offset at an instant.</summary>
internal abstract class LuxonZone
{
    public abstract string Name { get; }

    public abstract bool IsFixed { get; }

    /// <summary>Offset from UTC in minutes at <paramref name="epochMillis"/>.</summary>
    public abstract int OffsetAt(double epochMillis);

    /// <summary>Short offset name as en-US Intl prints it ("UTC", "GMT+2", "EST").</summary>
    public virtual string OffsetNameShort(double epochMillis) => TimeZones.GmtName(OffsetAt(epochMillis));

    /// <summary>Long offset name ("Coordinated Universal Time", "GMT+02:00").</summary>
    public virtual string OffsetNameLong(double epochMillis) => TimeZones.GmtNameLong(OffsetAt(epochMillis));

    public bool IsInDst(double epochMillis) => this is IanaZone iana && iana.Info.IsDaylightSavingTime(TimeZones.ToDateTimeOffset(epochMillis));

    public override string ToString() => Name;
}

/// <summary>A zone with one offset forever (UTC, "UTC+2").</summary>
internal sealed class FixedOffsetZone : LuxonZone
{
    public static FixedOffsetZone Utc { get; } = new(0);

    public FixedOffsetZone(int offsetMinutes) => Offset = offsetMinutes;

    public int Offset { get; }

    public override string Name => Offset == 0 ? "UTC" : "UTC" + TimeZones.FormatOffset(Offset, "narrow");

    public override bool IsFixed => true;

    public override int OffsetAt(double epochMillis) => Offset;

    public override string OffsetNameShort(double epochMillis) => Name;

    public override string OffsetNameLong(double epochMillis) => Name;

    public override bool Equals(object? obj) => obj is FixedOffsetZone f && f.Offset == Offset;

    public override int GetHashCode() => Offset;
}

/// <summary>An IANA zone backed by the system's time zone data.</summary>
internal sealed class IanaZone(TimeZoneInfo info, string name) : LuxonZone
{
    public TimeZoneInfo Info { get; } = info;

    public override string Name { get; } = name;

    public override bool IsFixed => false;

    public override int OffsetAt(double epochMillis) => (int)Info.GetUtcOffset(TimeZones.ToDateTimeOffset(epochMillis)).TotalMinutes;

    public override string OffsetNameShort(double epochMillis)
    {
        var offset = OffsetAt(epochMillis);
        var dst = Info.IsDaylightSavingTime(TimeZones.ToDateTimeOffset(epochMillis));
        // en-US Intl prints US abbreviations for US zones and "GMT+x" elsewhere.
        return (Name, offset, dst) switch
        {
            ("America/New_York" or "US/Eastern" or "America/Detroit" or "America/Toronto", _, false) => "EST",
            ("America/New_York" or "US/Eastern" or "America/Detroit" or "America/Toronto", _, true) => "EDT",
            ("America/Chicago" or "US/Central", _, false) => "CST",
            ("America/Chicago" or "US/Central", _, true) => "CDT",
            ("America/Denver" or "US/Mountain", _, false) => "MST",
            ("America/Denver" or "US/Mountain", _, true) => "MDT",
            ("America/Phoenix", _, _) => "MST",
            ("America/Los_Angeles" or "US/Pacific", _, false) => "PST",
            ("America/Los_Angeles" or "US/Pacific", _, true) => "PDT",
            _ => TimeZones.GmtName(offset),
        };
    }

    public override string OffsetNameLong(double epochMillis)
    {
        var dto = TimeZones.ToDateTimeOffset(epochMillis);
        var name = Info.IsDaylightSavingTime(dto) ? Info.DaylightName : Info.StandardName;
        return string.IsNullOrEmpty(name) ? TimeZones.GmtNameLong(OffsetAt(epochMillis)) : name;
    }

    public override bool Equals(object? obj) => obj is IanaZone z && z.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

/// <summary>Parses zone names the way Luxon's <c>normalizeZone</c> accepts them.</summary>
internal static class TimeZones
{
    private static readonly ConcurrentDictionary<string, LuxonZone?> Cache = new(StringComparer.Ordinal);

    public static DateTimeOffset ToDateTimeOffset(double epochMillis)
    {
        var ms = Math.Clamp(epochMillis, -62_135_596_800_000d, 253_402_300_799_000d);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }

    /// <summary>The Luxon zone for a .NET zone (UTC becomes Luxon's fixed UTC zone, named "UTC").</summary>
    public static LuxonZone FromTimeZoneInfo(TimeZoneInfo info)
    {
        if (info == TimeZoneInfo.Utc || info.Id is "UTC" or "Etc/UTC" && info.BaseUtcOffset == TimeSpan.Zero && !info.SupportsDaylightSavingTime)
        {
            return FixedOffsetZone.Utc;
        }

        return Parse(info.Id, FixedOffsetZone.Utc) ?? new IanaZone(info, info.Id);
    }

    /// <summary>
    /// Parses zone names as Luxon's <c>normalizeZone</c>: "default" (<paramref name="defaultZone"/>), "local"/"system"
    /// (<paramref name="systemZone"/>, the server's zone), "utc"/"gmt", "UTC+2", "UTC-05:30", IANA names (kept as written);
    /// null when unknown.
    /// </summary>
    public static LuxonZone? Parse(string name, LuxonZone defaultZone, LuxonZone? systemZone = null)
    {
        var s = name.Trim();
        var lower = s.ToLowerInvariant();
        if (lower is "default")
        {
            return defaultZone;
        }

        if (lower is "local" or "system")
        {
            return systemZone ?? defaultZone;
        }

        if (lower is "utc" or "gmt")
        {
            return FixedOffsetZone.Utc;
        }

        if ((lower.StartsWith("utc", StringComparison.Ordinal) || lower.StartsWith("gmt", StringComparison.Ordinal)) && s.Length > 3 && s[3] is '+' or '-')
        {
            return ParseOffset(s.AsSpan(3)) is { } minutes ? new FixedOffsetZone(minutes) : null;
        }

        return Cache.GetOrAdd(s, static key =>
        {
            try
            {
                var info = TimeZoneInfo.FindSystemTimeZoneById(key);
                if (!info.HasIanaId && !TimeZoneInfo.TryConvertWindowsIdToIanaId(key, out _))
                {
                    return null;
                }

                return new IanaZone(info, key);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return null;
            }
        });
    }

    /// <summary>Parses "+5", "-05:30", "+0530", "+05" into minutes.</summary>
    public static int? ParseOffset(ReadOnlySpan<char> s)
    {
        if (s.Length < 2 || s[0] is not ('+' or '-'))
        {
            return null;
        }

        var sign = s[0] == '-' ? -1 : 1;
        var body = s[1..];
        int hours, minutes = 0;
        var colon = body.IndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(body[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
                || !int.TryParse(body[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
            {
                return null;
            }
        }
        else if (body.Length == 4)
        {
            hours = int.Parse(body[..2], CultureInfo.InvariantCulture);
            if (!int.TryParse(body[2..], NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
            {
                return null;
            }
        }
        else if (!int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out hours))
        {
            return null;
        }

        return hours > 24 || minutes > 59 ? null : sign * ((hours * 60) + minutes);
    }

    /// <summary>Formats an offset: "narrow" (+5, +5:30), "short" (+05:00), "techie" (+0500).</summary>
    public static string FormatOffset(int offset, string format)
    {
        var sign = offset >= 0 ? "+" : "-";
        var h = Math.Abs(offset) / 60;
        var m = Math.Abs(offset) % 60;
        return format switch
        {
            "narrow" => m > 0 ? $"{sign}{h}:{m:00}" : $"{sign}{h}",
            "techie" => $"{sign}{h:00}{m:00}",
            _ => $"{sign}{h:00}:{m:00}",
        };
    }

    public static string GmtName(int offset) => offset == 0 ? "UTC" : "GMT" + FormatOffset(offset, "narrow");

    public static string GmtNameLong(int offset) => offset == 0 ? "Coordinated Universal Time" : "GMT" + FormatOffset(offset, "short");
}
