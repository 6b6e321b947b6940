namespace Tessera.Server.Triggers.Scheduling;

/// <summary>When a schedule fires next, given the last time it fired (persisted across restarts).</summary>
internal abstract class SchedulePlan
{
    /// <summary>A short description for errors and logs.</summary>
    public abstract string Describe();

    /// <summary>The first firing strictly after <paramref name="after"/>; null when it never fires again.</summary>
    public abstract DateTimeOffset? Next(DateTimeOffset after, DateTimeOffset? lastFire, TimeZoneInfo zone);
}

/// <summary>Units counted by <see cref="CronPlan"/>'s "every N" check.</summary>
internal enum RecurrenceUnit
{
    Hours,
    Days,
    Weeks,
    Months,
}

/// <summary>
/// A cron expression, optionally thinned to every <c>N</c>th hour, day, week or month counted from the last firing
/// (n8n's "every 2 days at 09:00"): a cron step like <c>*/2</c> would restart at each month's start, so the step is
/// checked against the persisted last firing instead. For weeks, other chosen weekdays of the same week also fire.
/// </summary>
internal sealed class CronPlan(CronExpression cron, RecurrenceUnit? unit = null, int every = 1) : SchedulePlan
{
    public CronExpression Cron { get; } = cron;

    public override string Describe() => unit is null || every <= 1 ? $"cron \"{Cron}\"" : $"cron \"{Cron}\" every {every} {unit.ToString()!.ToLowerInvariant()}";

    public override DateTimeOffset? Next(DateTimeOffset after, DateTimeOffset? lastFire, TimeZoneInfo zone)
    {
        var candidate = Cron.Next(after, zone);
        if (unit is not { } u || every <= 1 || lastFire is not { } last)
        {
            return candidate;
        }

        var lastIndex = Index(last, u, zone);
        for (var guard = 0; candidate is { } c && guard < 100_000; guard++)
        {
            var distance = Index(c, u, zone) - lastIndex;
            if (distance >= every || (u == RecurrenceUnit.Weeks && distance == 0))
            {
                return c;
            }

            candidate = Cron.Next(c, zone);
        }

        return null;
    }

    private static long Index(DateTimeOffset instant, RecurrenceUnit unit, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var day = DateOnly.FromDateTime(local).DayNumber;
        return unit switch
        {
            RecurrenceUnit.Hours => (instant.UtcTicks / TimeSpan.TicksPerHour),
            RecurrenceUnit.Days => day,
            // Weeks start on Monday; DayNumber 0 (0001-01-01) was a Monday.
            RecurrenceUnit.Weeks => day / 7,
            _ => (local.Year * 12L) + local.Month,
        };
    }
}

/// <summary>A fixed period (the legacy Interval node): every period after the last firing, or after activation.</summary>
internal sealed class IntervalPlan(TimeSpan period, DateTimeOffset activatedAt) : SchedulePlan
{
    public TimeSpan Period { get; } = period;

    public override string Describe() => $"every {Period}";

    public override DateTimeOffset? Next(DateTimeOffset after, DateTimeOffset? lastFire, TimeZoneInfo zone)
    {
        var anchor = lastFire ?? activatedAt;
        if (anchor > after)
        {
            return anchor + Period;
        }

        // The first grid point after 'after'; missed points are skipped, not caught up.
        var steps = ((after - anchor).Ticks / Period.Ticks) + 1;
        return anchor + TimeSpan.FromTicks(Period.Ticks * steps);
    }
}
