using System.Diagnostics;

namespace Tessera.Nodes.Tests.Files;

/// <summary>Converts files with a headless LibreOffice (soffice), when the machine has one.</summary>
internal static class LibreOffice
{
    private static readonly Lazy<string?> Executable = new(() =>
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "soffice");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    });

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    // One LibreOffice profile for the whole test run (conversions take turns), removed when the run ends.
    private static readonly Lazy<string> Profile = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-lo-profile-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover profile only costs disk space.
            }
        };
        return dir;
    });

    public static bool Available => Executable.Value is not null;

    /// <summary>True when LibreOffice's Calc (spreadsheets) or Writer (RTF documents) module is installed beside soffice.</summary>
    public static bool Has(string module)
    {
        if (Executable.Value is null)
        {
            return false;
        }

        var program = Path.GetDirectoryName(new FileInfo(Executable.Value).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Executable.Value)!;
        return File.Exists(Path.Combine(program, module == "writer" ? "libswlo.so" : "libsclo.so"));
    }

    /// <summary>Converts <paramref name="inputs"/> to <paramref name="filter"/> (e.g. "xlsx", "csv") and returns the new files' paths in input order.</summary>
    public static IReadOnlyList<string> Convert(string filter, params string[] inputs) => ConvertWith(filter, null, inputs);

    /// <summary>As <see cref="Convert(string, string[])"/>, reading the inputs with <paramref name="inputFilter"/> (e.g. CSV options).</summary>
    public static IReadOnlyList<string> ConvertWith(string filter, string? inputFilter, params string[] inputs)
    {
        if (inputs.Length == 0)
        {
            throw new ArgumentException("Name at least one file to convert", nameof(inputs));
        }

        var outDir = Path.Combine(Path.GetTempPath(), "tessera-lo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outDir);
        var profile = new Uri(Profile.Value).AbsoluteUri;
        var start = new ProcessStartInfo(Executable.Value!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { $"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", filter, "--outdir", outDir })
        {
            start.ArgumentList.Add(arg);
        }

        if (inputFilter is not null)
        {
            start.ArgumentList.Add("--infilter=" + inputFilter);
        }

        foreach (var input in inputs)
        {
            start.ArgumentList.Add(input);
        }

        OneAtATime.Wait();
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("LibreOffice did not finish converting within 3 minutes");
            }

            var extension = filter.Split(':')[0];
            var outputs = inputs.Select(i => Path.Combine(outDir, Path.GetFileNameWithoutExtension(i) + "." + extension)).ToList();
            var missing = outputs.Where(o => !File.Exists(o)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"LibreOffice did not write {string.Join(", ", missing)}: {stdout.Result} {stderr.Result}");
            }

            return outputs;
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}

/// <summary>A fact that needs LibreOffice Calc (or Writer); skipped with a message when it is not installed.</summary>
internal sealed class LibreOfficeFactAttribute : FactAttribute
{
    public LibreOfficeFactAttribute(string module = "calc")
    {
        if (!LibreOffice.Has(module))
        {
            Skip = $"LibreOffice {module} is not installed; install libreoffice-{module}-nogui to run this interoperability test";
        }
    }
}
