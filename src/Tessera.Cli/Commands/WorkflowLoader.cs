using Spectre.Console;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;

namespace Tessera.Cli.Commands;

/// <summary>Loads a workflow file and turns every way it can be wrong into a clear message and exit code 2.</summary>
internal static class WorkflowLoader
{
    public static bool TryLoad(string path, IAnsiConsole error, out Workflow workflow)
    {
        workflow = null!;
        if (!File.Exists(path))
        {
            error.MarkupLineInterpolated($"[red]error:[/] {path}: no such file. Pass the path of an n8n workflow JSON file.");
            return false;
        }

        try
        {
            workflow = WorkflowJson.Load(path);
            return true;
        }
        catch (JsonFormatException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] {path}:{e.Line}:{e.Column}: {e.Reason}");
            return false;
        }
        catch (WorkflowValidationException e)
        {
            ReportProblems(path, e.Problems, error);
            return false;
        }
        catch (IOException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] {path}: {e.Message}");
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] {path}: {e.Message}");
            return false;
        }
    }

    public static void ReportProblems(string path, IReadOnlyList<WorkflowProblem> problems, IAnsiConsole error)
    {
        error.MarkupLineInterpolated($"[red]error:[/] {path}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:");
        foreach (var p in problems)
        {
            error.MarkupLineInterpolated($"  [yellow]{p.Location}[/]: {p.Message} [grey]({p.Code})[/]");
        }
    }

    public static IAnsiConsole StandardError()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsErrorRedirected)
        {
            console.Profile.Width = 400; // Scripts and logs get one problem per line.
        }

        return console;
    }
}
