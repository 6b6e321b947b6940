namespace Tessera.Engine.Expressions.Dates;

/// <summary>Local calendar fields of an instant in some zone (proleptic Gregorian, like JavaScript and Luxon).</summary>
internal readonly record struct LocalFields(int Year, int Month, int Day, int Hour, int Minute, int Second, int Millisecond)
{
    /// <summary>Milliseconds since 1970-01-01T00:00 of these fields read as if they were UTC.</summary>
    public double ToLocalMillis() =>
        (Calendar.DaysFromCivil(Year, Month, Day) * 86_400_000d) + (Hour * 3_600_000d) + (Minute * 60_000d) + (Second * 1000d) + Millisecond;

    public static LocalFields FromLocalMillis(double ms)
    {
        var days = Math.Floor(ms / 86_400_000d);
        var rest = (long)(ms - (days * 86_400_000d));
        var (y, m, d) = Calendar.CivilFromDays((long)days);
        return new LocalFields(y, m, d, (int)(rest / 3_600_000), (int)(rest / 60_000 % 60), (int)(rest / 1000 % 60), (int)(rest % 1000));
    }
}

/// <summary>Gregorian calendar arithmetic on day numbers (days since 1970-01-01), valid far beyond System.DateTime's range.</summary>
internal static class Calendar
{
    public static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    public static (int Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return ((int)(y + (m <= 2 ? 1 : 0)), m, d);
    }

    public static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInYear(int year) => IsLeapYear(year) ? 366 : 365;

    public static int DaysInMonth(int year, int month)
    {
        var m = ((month - 1) % 12 + 12) % 12 + 1;
        var y = year + (int)Math.Floor((month - 1) / 12d);
        return m == 2 ? (IsLeapYear(y) ? 29 : 28) : m is 4 or 6 or 9 or 11 ? 30 : 31;
    }

    /// <summary>ISO weekday: 1 = Monday … 7 = Sunday.</summary>
    public static int Weekday(int year, int month, int day)
    {
        var days = DaysFromCivil(year, month, day);
        var w = (int)(((days % 7) + 7 + 3) % 7); // 1970-01-01 was a Thursday (3 when Monday = 0)
        return w + 1;
    }

    public static int Ordinal(int year, int month, int day) => (int)(DaysFromCivil(year, month, day) - DaysFromCivil(year, 1, 1)) + 1;

    public static int WeeksInWeekYear(int weekYear)
    {
        static int P(int y) => (y + (int)Math.Floor(y / 4d) - (int)Math.Floor(y / 100d) + (int)Math.Floor(y / 400d)) % 7;
        return P(weekYear) == 4 || P(weekYear - 1) == 3 ? 53 : 52;
    }

    public static (int WeekYear, int WeekNumber, int Weekday) IsoWeek(int year, int month, int day)
    {
        var ordinal = Ordinal(year, month, day);
        var weekday = Weekday(year, month, day);
        var week = (ordinal - weekday + 10) / 7;
        var weekYear = year;
        if (week < 1)
        {
            weekYear = year - 1;
            week = WeeksInWeekYear(weekYear);
        }
        else if (week > WeeksInWeekYear(year))
        {
            weekYear = year + 1;
            week = 1;
        }

        return (weekYear, week, weekday);
    }

    public static (int Year, int Month, int Day) FromIsoWeek(int weekYear, int week, int weekday)
    {
        var jan4 = DaysFromCivil(weekYear, 1, 4);
        var jan4Weekday = Weekday(weekYear, 1, 4);
        var days = jan4 - (jan4Weekday - 1) + ((week - 1) * 7) + (weekday - 1);
        return CivilFromDays(days);
    }

    public static (int Year, int Month, int Day) FromOrdinal(int year, int ordinal) => CivilFromDays(DaysFromCivil(year, 1, 1) + ordinal - 1);
}
