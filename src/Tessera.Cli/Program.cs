using System.CommandLine;
using Tessera.Cli.Commands;

var root = new RootCommand("Tessera — run n8n workflows, faster, with a journal you can trust.")
{
    RunCommand.Create(),
    ValidateCommand.Create(),
    NodesCommand.Create(),
    ConformanceCommand.Create(),
    ExecutionsCommand.Create(),
    ImportExportCommands.Import(),
    ImportExportCommands.Export(),
    ServeCommand.Create(),
    AuditCommand.Create(),
    CredentialsCommand.Create(),
    UserCommand.Create(),
    ApiKeyCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
