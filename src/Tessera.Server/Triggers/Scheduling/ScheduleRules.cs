using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;

namespace Tessera.Server.Triggers.Scheduling;

/// <summary>
/// Turns schedule nodes into <see cref="SchedulePlan"/>s: <c>scheduleTrigger</c> rules (seconds … months, cron),
/// legacy <c>cron</c> trigger times and legacy <c>interval</c>.
/// </summary>
internal static class ScheduleRules
{
    public static bool IsScheduleNode(WorkflowNode node) =>
        node.Type is "n8n-nodes-base.scheduleTrigger" or "n8n-nodes-base.cron" or "n8n-nodes-base.interval";

    /// <summary>The node's plans; problems are added (naming the node and how to fix) when a rule is unusable.</summary>
    public static IReadOnlyList<SchedulePlan> Plans(WorkflowNode node, DateTimeOffset activatedAt, List<string> problems) => node.Type switch
    {
        "n8n-nodes-base.scheduleTrigger" => ScheduleTrigger(node, problems),
        "n8n-nodes-base.cron" => Cron(node, problems),
        "n8n-nodes-base.interval" => Interval(node, activatedAt, problems),
        _ => [],
    };

    private static List<SchedulePlan> ScheduleTrigger(WorkflowNode node, List<string> problems)
    {
        var plans = new List<SchedulePlan>();
        var rules = node.Parameters.GetPath("rule.interval").TryGetArray();
        if (rules is null || rules.Count == 0)
        {
            rules = [new JsObject { ["field"] = "days" }];
        }

        foreach (var value in rules)
        {
            var rule = value.TryGetObject() ?? new JsObject();
            var field = rule["field"].TryGetString() ?? "days";
            var minute = Int(rule, "triggerAtMinute", 0);
            var hour = Int(rule, "triggerAtHour", 0);
            string? cron;
            RecurrenceUnit? unit = null;
            var every = 1;
            switch (field)
            {
                case "seconds":
                    cron = $"*/{Math.Max(1, Int(rule, "secondsInterval", 30))} * * * * *";
                    break;
                case "minutes":
                    cron = $"0 */{Math.Max(1, Int(rule, "minutesInterval", 5))} * * * *";
                    break;
                case "hours":
                    every = Math.Max(1, Int(rule, "hoursInterval", 1));
                    cron = $"0 {minute} * * * *";
                    unit = RecurrenceUnit.Hours;
                    break;
                case "days":
                    every = Math.Max(1, Int(rule, "daysInterval", 1));
                    cron = $"0 {minute} {hour} * * *";
                    unit = RecurrenceUnit.Days;
                    break;
                case "weeks":
                {
                    every = Math.Max(1, Int(rule, "weeksInterval", 1));
                    var days = rule["triggerAtDay"].TryGetArray() is { Count: > 0 } list
                        ? string.Join(',', list.Select(d => (int)JsConvert.ToNumber(d)))
                        : "0";
                    cron = $"0 {minute} {hour} * * {days}";
                    unit = RecurrenceUnit.Weeks;
                    break;
                }

                case "months":
                    every = Math.Max(1, Int(rule, "monthsInterval", 1));
                    cron = $"0 {minute} {hour} {Int(rule, "triggerAtDayOfMonth", 1)} * *";
                    unit = RecurrenceUnit.Months;
                    break;
                case "cronExpression":
                    cron = rule["expression"].TryGetString()?.Trim();
                    break;
                default:
                    problems.Add($"The Schedule Trigger \"{node.Name}\" has a rule with field \"{field}\"; use seconds, minutes, hours, days, weeks, months or cronExpression.");
                    continue;
            }

            Add(node, cron, unit, every, plans, problems);
        }

        return plans;
    }

    private static List<SchedulePlan> Cron(WorkflowNode node, List<string> problems)
    {
        var plans = new List<SchedulePlan>();
        var items = node.Parameters.GetPath("triggerTimes.item").TryGetArray() ?? [];
        foreach (var value in items)
        {
            var item = value.TryGetObject() ?? new JsObject();
            var minute = Int(item, "minute", 0);
            var hour = Int(item, "hour", 14);
            var cron = (item["mode"].TryGetString() ?? "everyDay") switch
            {
                "everyMinute" => "0 * * * * *",
                "everyHour" => $"0 {minute} * * * *",
                "everyDay" => $"0 {minute} {hour} * * *",
                "everyWeek" => $"0 {minute} {hour} * * {Int(item, "weekday", 1)}",
                "everyMonth" => $"0 {minute} {hour} {Int(item, "dayOfMonth", 1)} * *",
                "everyX" => (item["unit"].TryGetString() ?? "hours") == "minutes"
                    ? $"0 */{Math.Max(1, Int(item, "value", 2))} * * * *"
                    : $"0 0 */{Math.Max(1, Int(item, "value", 2))} * * *",
                "custom" => item["cronExpression"].TryGetString()?.Trim(),
                var other => Unknown(node, other, problems),
            };
            if (cron is not null)
            {
                Add(node, cron, null, 1, plans, problems);
            }
        }

        return plans;
    }

    private static string? Unknown(WorkflowNode node, string mode, List<string> problems)
    {
        problems.Add($"The Cron node \"{node.Name}\" has mode \"{mode}\"; use everyMinute, everyHour, everyDay, everyWeek, everyMonth, everyX or custom.");
        return null;
    }

    private static List<SchedulePlan> Interval(WorkflowNode node, DateTimeOffset activatedAt, List<string> problems)
    {
        var value = node.Parameters["interval"].IsNumber ? node.Parameters["interval"].AsNumber() : JsConvert.ToNumber(node.Parameters["interval"]);
        if (node.Parameters["interval"].IsUndefined)
        {
            value = 1;
        }

        if (double.IsNaN(value) || value <= 0)
        {
            problems.Add($"The Interval node \"{node.Name}\" has interval {JsConvert.ToString(node.Parameters["interval"])}; set a number above 0.");
            return [];
        }

        var period = (node.Parameters["unit"].TryGetString() ?? "seconds") switch
        {
            "minutes" => TimeSpan.FromMinutes(value),
            "hours" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
        return [new IntervalPlan(period, activatedAt)];
    }

    private static void Add(WorkflowNode node, string? cron, RecurrenceUnit? unit, int every, List<SchedulePlan> plans, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(cron) || cron.StartsWith('='))
        {
            problems.Add($"The node \"{node.Name}\" has an empty or computed cron expression; write one like '0 9 * * 1-5'.");
            return;
        }

        if (!CronExpression.TryParse(cron, out var expression, out var error))
        {
            problems.Add($"The node \"{node.Name}\": {error}");
            return;
        }

        plans.Add(new CronPlan(expression, unit, every));
    }

    private static int Int(JsObject obj, string key, int fallback)
    {
        var v = obj[key];
        if (v.IsNumber)
        {
            return (int)v.AsNumber();
        }

        return v.TryGetString() is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
    }
}
