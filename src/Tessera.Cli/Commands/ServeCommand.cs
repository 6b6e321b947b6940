using System.CommandLine;
using Tessera.Server;
using Tessera.Storage;
using Tessera.Storage.Migrations;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera serve</c>: the whole platform (API, webhooks, schedules, UI) on one port.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port to listen on.", DefaultValueFactory = _ => PortFromEnvironment() };
        var host = new Option<string>("--host") { Description = "Interface to bind; 0.0.0.0 exposes Tessera to the network.", DefaultValueFactory = _ => "127.0.0.1" };
        var noExamples = new Option<bool>("--no-examples") { Description = "Don't load the example workflows into a new database." };
        var logFormat = new Option<string?>("--log-format") { Description = "Log lines as \"text\" (default) or \"json\" (one object per line); default from TESSERA_LOG_FORMAT." };
        var command = new Command("serve", "Start the Tessera server: REST API, webhooks, schedules and the web UI.") { port, host, noExamples, logFormat };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = Console.Error;
            Tessera.Server.Operations.ServerLogFormat? format = null;
            if (parse.GetValue(logFormat) is { } formatName)
            {
                try
                {
                    format = ServerOptions.ParseLogFormat(formatName, "--log-format");
                }
                catch (InvalidOperationException e)
                {
                    await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }
            }

            var options = new ServerOptions
            {
                Port = parse.GetValue(port),
                Host = parse.GetValue(host)!,
                LoadExamples = !parse.GetValue(noExamples),
                Log = Console.Out,
                LogFormat = format,
                AdminEmail = Environment.GetEnvironmentVariable("TESSERA_ADMIN_EMAIL"),
                AdminPassword = Environment.GetEnvironmentVariable("TESSERA_ADMIN_PASSWORD"),
            };
            if (options.Port is < 0 or > 65535)
            {
                await error.WriteLineAsync($"error: --port {options.Port} is not a TCP port; use 1–65535 (or 0 for any free port).").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            TesseraServer server;
            try
            {
                server = await TesseraServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (Tessera.Storage.Security.EncryptionKeyException e)
            {
                await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (StorageVersionException e)
            {
                await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (InvalidOperationException e)
            {
                await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync($"error: cannot listen on {options.Host}:{options.Port}: {e.Message} Choose another port with --port.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await using (server.ConfigureAwait(false))
            {
                var storage = options.Storage.Provider == StorageProvider.Sqlite ? options.Storage.DatabasePath : "PostgreSQL";
                // Through the server's log: with --log-format json these become JSON lines too.
                server.Log($"Tessera is running at {server.BaseAddress}  (storage: {storage})");
                if (await server.Storage.Users.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    server.Log($"First start: open {server.BaseAddress} to create the admin account (or set TESSERA_ADMIN_EMAIL and TESSERA_ADMIN_PASSWORD).");
                }

                server.Log("Press Ctrl+C to stop.");
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int PortFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("TESSERA_PORT"), out var p) ? p : 5678;
}
