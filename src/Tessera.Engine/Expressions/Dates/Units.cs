namespace Tessera.Engine.Expressions.Dates;

/// <summary>Luxon's duration units, largest first (the order Luxon shifts and prints them in).</summary>
internal enum DurationUnit
{
    Years,
    Quarters,
    Months,
    Weeks,
    Days,
    Hours,
    Minutes,
    Seconds,
    Milliseconds,
}

internal static class Units
{
    public const int Count = 9;

    public static readonly string[] Names = ["years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds"];

    /// <summary>Luxon's "casual" conversion matrix: how many of unit [j] make one unit [i] (i larger than j).</summary>
    public static readonly double[,] Casual = BuildCasual();

    /// <summary>Normalises "day"/"days"/"Days" to the unit; null when unknown.</summary>
    public static DurationUnit? TryParse(string? name)
    {
        if (name is null)
        {
            return null;
        }

        return name.ToLowerInvariant() switch
        {
            "year" or "years" => DurationUnit.Years,
            "quarter" or "quarters" => DurationUnit.Quarters,
            "month" or "months" => DurationUnit.Months,
            "week" or "weeks" => DurationUnit.Weeks,
            "day" or "days" => DurationUnit.Days,
            "hour" or "hours" => DurationUnit.Hours,
            "minute" or "minutes" => DurationUnit.Minutes,
            "second" or "seconds" => DurationUnit.Seconds,
            "millisecond" or "milliseconds" => DurationUnit.Milliseconds,
            _ => null,
        };
    }

    /// <summary>Normalises a unit or throws Luxon's "Invalid unit" error.</summary>
    public static DurationUnit Parse(string? name) =>
        TryParse(name) ?? throw JsHostException.Range($"Invalid unit {name}");

    private static double[,] BuildCasual()
    {
        // Milliseconds per unit, except that years/quarters/months use Luxon's casual day counts.
        var m = new double[Count, Count];
        double[] msPer = [365 * 86_400_000d, 91 * 86_400_000d, 30 * 86_400_000d, 7 * 86_400_000d, 86_400_000d, 3_600_000d, 60_000d, 1000d, 1d];
        for (var i = 0; i < Count; i++)
        {
            for (var j = 0; j < Count; j++)
            {
                m[i, j] = msPer[i] / msPer[j];
            }
        }

        // Calendar units convert to each other by whole counts, not by days.
        m[0, 1] = 4;
        m[0, 2] = 12;
        m[0, 3] = 52;
        m[1, 2] = 3;
        m[1, 3] = 13;
        m[2, 3] = 4;
        return m;
    }
}
