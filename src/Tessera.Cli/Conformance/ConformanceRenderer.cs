using Spectre.Console;

namespace Tessera.Cli.Conformance;

/// <summary>Prints a conformance report: a table of fixtures, then the summary as the very last line.</summary>
public static class ConformanceRenderer
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="console"/>.</summary>
    public static void Render(ConformanceReport report, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(console);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Fixture");
        table.AddColumn("Result");
        table.AddColumn("Detail");
        foreach (var c in report.Cases)
        {
            var outcome = c.Outcome switch
            {
                ConformanceOutcome.Passed => "[green]pass[/]",
                ConformanceOutcome.Failed => "[red]fail[/]",
                _ => "[yellow]skip[/]",
            };
            table.AddRow(Markup.Escape(c.Name), outcome, Markup.Escape(Shorten(c.Detail ?? string.Empty, 160)));
        }

        console.Write(table);
        var missing = report.Cases.SelectMany(c => c.MissingNodeTypes).GroupBy(t => t, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            console.WriteLine("Missing node types: " + string.Join(", ", missing.Select(g => $"{g.Key} ({g.Count()})")));
        }

        console.WriteLine(report.Summary);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
