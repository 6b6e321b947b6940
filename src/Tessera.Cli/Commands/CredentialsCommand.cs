using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tessera.Storage.Credentials;
using Tessera.Storage.Security;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera credentials list|rotate-key</c>. Never prints a secret.</summary>
internal static class CredentialsCommand
{
    public static Command Create()
    {
        var command = new Command("credentials", "List credentials (never their secrets) and rotate the encryption key.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRotateKey());
        return command;
    }

    private static Command CreateList()
    {
        var project = new Option<string?>("--project") { Description = "Only this project id." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List credentials: id, name, type, project and the names of the fields set.") { project, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await VaultAccess.OpenAsync(Console.Error, cancellationToken).ConfigureAwait(false);
            if (storage is null)
            {
                return ExitCodes.BadInput;
            }

            var all = new List<CredentialInfo>();
            string? cursor = null;
            do
            {
                var page = await storage.Credentials.ListAsync(new CredentialQuery { ProjectId = parse.GetValue(project), Limit = 1000, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
                all.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(all.Select(c => new { id = c.Id, name = c.Name, type = c.Type, projectId = c.ProjectId, fields = c.FieldNames, createdAt = c.CreatedAt, updatedAt = c.UpdatedAt })));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("id", "name", "type", "project", "fields", "updated (UTC)");
            foreach (var c in all)
            {
                table.AddRow(
                    Markup.Escape(c.Id),
                    Markup.Escape(c.Name),
                    Markup.Escape(c.Type),
                    Markup.Escape(c.ProjectId),
                    Markup.Escape(string.Join(", ", c.FieldNames)),
                    Markup.Escape(c.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"{all.Count} credential(s)");
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command CreateRotateKey()
    {
        var newKeyEnv = new Option<string?>("--new-key-env")
        {
            Description = "When the key comes from TESSERA_ENCRYPTION_KEY: the name of a variable holding the new key (base64 of 32 bytes or a passphrase).",
        };
        var rotate = new Command("rotate-key", "Re-encrypt every credential under a new key in one transaction.") { newKeyEnv };
        rotate.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await VaultAccess.OpenAsync(Console.Error, cancellationToken).ConfigureAwait(false);
            if (storage is null)
            {
                return ExitCodes.BadInput;
            }

            var opened = await VaultAccess.OpenVaultAsync(storage, Console.Error, cancellationToken).ConfigureAwait(false);
            if (opened is not var (vault, source))
            {
                return ExitCodes.BadInput;
            }

            try
            {
                KeyRotationResult result;
                if (source.KeyFilePath is null)
                {
                    var name = parse.GetValue(newKeyEnv);
                    var value = name is null ? null : Environment.GetEnvironmentVariable(name);
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        await Console.Error.WriteLineAsync(
                            $"error: the key comes from {EncryptionKeyLoader.KeyVariable}; pass --new-key-env NAME where the variable NAME holds the new key.").ConfigureAwait(false);
                        return ExitCodes.BadInput;
                    }

                    result = await KeyRotation.RotateToKeyAsync(vault, EncryptionKey.FromText(value, name!), "cli", cancellationToken).ConfigureAwait(false);
                    Console.WriteLine($"Re-encrypted {result.Reencrypted} credential(s) from key {result.OldKeyId} to {result.NewKeyId}.");
                    Console.WriteLine($"Now set {EncryptionKeyLoader.KeyVariable} to the value of {name} and restart Tessera.");
                }
                else
                {
                    result = await KeyRotation.RotateKeyFileAsync(vault, source, "cli", cancellationToken).ConfigureAwait(false);
                    Console.WriteLine($"Re-encrypted {result.Reencrypted} credential(s) from key {result.OldKeyId} to {result.NewKeyId}.");
                    Console.WriteLine($"The new key is in {source.KeyFilePath}; back it up. Backups taken before now need the old key.");
                }

                return ExitCodes.Success;
            }
            catch (EncryptionKeyException e)
            {
                await Console.Error.WriteLineAsync("error: nothing was changed: " + e.Message).ConfigureAwait(false);
                return ExitCodes.WorkflowFailed;
            }
        });
        return rotate;
    }
}
