using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tessera.Nodes;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera nodes</c>: the node types this build supports, with their versions.</summary>
internal static class NodesCommand
{
    public static Command Create()
    {
        var command = new Command("nodes", "List the supported node types and versions.");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("Type", "Name", "Versions", "Category");
            foreach (var type in BuiltInNodes.CreateRegistry().All.OrderBy(t => t.Description.Name, StringComparer.Ordinal))
            {
                var d = type.Description;
                table.AddRow(
                    Markup.Escape(d.Name),
                    Markup.Escape(d.DisplayName),
                    string.Join(", ", d.Versions.Select(v => v.ToString(CultureInfo.InvariantCulture))),
                    Markup.Escape(d.Category));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
