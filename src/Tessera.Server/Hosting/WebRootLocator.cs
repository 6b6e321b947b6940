namespace Tessera.Server.Hosting;

/// <summary>Finds the built web UI: an explicit folder, <c>wwwroot</c> beside the assembly, or <c>web/dist</c> in a source checkout.</summary>
internal static class WebRootLocator
{
    public static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html")))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
            {
                var dist = Path.Combine(dir.FullName, "web", "dist");
                return File.Exists(Path.Combine(dist, "index.html")) ? dist : null;
            }
        }

        return null;
    }
}
