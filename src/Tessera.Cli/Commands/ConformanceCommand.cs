using System.CommandLine;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera conformance &lt;dir&gt;</c>: runs n8n's node-test workflows and compares outputs.</summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("directory") { Description = "Folder searched recursively for workflow JSON files with pinData." };
        var command = new Command("conformance", "Run n8n test workflows and compare every pinned node's output.") { dir };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("conformance: not available in this build yet");
            return ExitCodes.BadInput;
        });
        return command;
    }
}
