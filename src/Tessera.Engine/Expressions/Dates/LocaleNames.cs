using System.Collections.Concurrent;
using System.Globalization;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>
/// Month, weekday and AM/PM names for a DateTime's locale. English comes from fixed tables (what Node prints);
/// other locales from the platform's ICU data, which is what Node's Intl uses too.
/// </summary>
internal static class LocaleNames
{
    private static readonly ConcurrentDictionary<string, DateTimeFormatInfo?> Formats = new(StringComparer.OrdinalIgnoreCase);

    private static DateTimeFormatInfo? For(string locale)
    {
        if (locale.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Formats.GetOrAdd(locale, static l =>
        {
            try
            {
                return CultureInfo.GetCultureInfo(l).DateTimeFormat;
            }
            catch (CultureNotFoundException)
            {
                return null;
            }
        });
    }

    public static string Month(string locale, int month, bool abbreviated, bool standalone)
    {
        if (For(locale) is not { } f)
        {
            return abbreviated ? LuxonFormat.MonthsShort[month - 1] : LuxonFormat.MonthsLong[month - 1];
        }

        var names = (abbreviated, standalone) switch
        {
            (true, true) => f.AbbreviatedMonthNames,
            (true, false) => f.AbbreviatedMonthGenitiveNames,
            (false, true) => f.MonthNames,
            _ => f.MonthGenitiveNames,
        };
        return names[month - 1];
    }

    /// <summary><paramref name="weekday"/> is ISO (1 = Monday).</summary>
    public static string Weekday(string locale, int weekday, bool abbreviated)
    {
        if (For(locale) is not { } f)
        {
            return abbreviated ? LuxonFormat.WeekdaysShort[weekday - 1] : LuxonFormat.WeekdaysLong[weekday - 1];
        }

        var index = weekday % 7; // .NET starts at Sunday
        return abbreviated ? f.AbbreviatedDayNames[index] : f.DayNames[index];
    }

    public static string Meridiem(string locale, int hour)
    {
        if (For(locale) is { } f && f.AMDesignator.Length > 0)
        {
            // ICU 72+ (Node 20) separates the parts of "p. m." with a narrow no-break space.
            var name = hour < 12 ? f.AMDesignator : f.PMDesignator;
            return name.Replace('\u00a0', '\u202f').Replace(' ', '\u202f');
        }

        return hour < 12 ? "AM" : "PM";
    }
}
