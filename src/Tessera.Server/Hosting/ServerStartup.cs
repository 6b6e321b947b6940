using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Workflows;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Durable;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Hosting;

/// <summary>One-time work before the server listens: the Default project, the owner from the environment, example workflows.</summary>
internal static class ServerStartup
{
    public static async Task RunAsync(IServiceProvider services, ServerOptions options, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<TesseraStorage>();
        var project = await IdentitySetup.EnsureDefaultProjectAsync(storage, cancellationToken).ConfigureAwait(false);
        await CreateOwnerFromOptionsAsync(storage, options, cancellationToken).ConfigureAwait(false);
        if (options.LoadExamples)
        {
            await LoadExamplesAsync(storage, options, project.Id, cancellationToken).ConfigureAwait(false);
        }

        ResumeInterrupted(services.GetRequiredService<ExecutionService>(), options, services.GetRequiredService<Operations.ServerReadiness>());
    }

    /// <summary>Continues, in the background, the executions a crash or kill left running (each from its journal).</summary>
    private static void ResumeInterrupted(ExecutionService executions, ServerOptions options, Operations.ServerReadiness readiness) =>
        _ = Task.Run(async () =>
        {
            try
            {
                var resumed = await executions.ResumeInterruptedAsync(CancellationToken.None).ConfigureAwait(false);
                if (resumed.Count > 0)
                {
                    options.Log?.WriteLine($"Resumed {resumed.Count} interrupted execution{(resumed.Count == 1 ? string.Empty : "s")}.");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                options.Log?.WriteLine("Resuming interrupted executions failed: " + e.Message);
            }
            finally
            {
                readiness.InterruptedResumed();
            }
        });

    private static async Task CreateOwnerFromOptionsAsync(TesseraStorage storage, ServerOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.AdminEmail) || string.IsNullOrEmpty(options.AdminPassword) || await storage.Users.CountAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return;
        }

        if (options.AdminPassword.Length < PasswordHasher.MinimumLength)
        {
            throw new InvalidOperationException($"TESSERA_ADMIN_PASSWORD must have at least {PasswordHasher.MinimumLength} characters; set a longer one or unset it and create the admin account in the browser.");
        }

        var name = options.AdminEmail.Split('@')[0];
        if (await IdentitySetup.CreateOwnerAsync(storage, options.AdminEmail, name, options.AdminPassword, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            options.Log?.WriteLine($"Created the admin account {owner.Email} (from TESSERA_ADMIN_EMAIL).");
        }
    }

    private static async Task LoadExamplesAsync(TesseraStorage storage, ServerOptions options, string projectId, CancellationToken cancellationToken)
    {
        if ((await storage.Workflows.ListAsync(new WorkflowQuery { Limit = 1 }, cancellationToken).ConfigureAwait(false)).Count > 0
            || FindExamples(options.ExamplesDirectory) is not { } directory)
        {
            return;
        }

        var loaded = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var json = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                var workflow = WorkflowJson.Parse(json);
                await storage.Workflows.CreateAsync(
                    new WorkflowDraft { Name = workflow.Name, Json = json, ProjectId = projectId, Tags = ["example"] },
                    cancellationToken).ConfigureAwait(false);
                loaded++;
            }
            catch (Exception e) when (e is WorkflowValidationException or Engine.Data.JsonFormatException or IOException or ArgumentException)
            {
                options.Log?.WriteLine($"Skipped example {Path.GetFileName(file)}: {e.Message}");
            }
        }

        if (loaded > 0)
        {
            options.Log?.WriteLine($"Loaded {loaded} example workflow{(loaded == 1 ? string.Empty : "s")} into the Default project.");
        }
    }

    private static string? FindExamples(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "examples");
        if (Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
            {
                var examples = Path.Combine(dir.FullName, "examples");
                return Directory.Exists(examples) ? examples : null;
            }
        }

        return null;
    }
}
