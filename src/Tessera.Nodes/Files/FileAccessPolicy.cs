using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>
/// Which directories the file nodes may read and write. The administrator lists them in <c>TESSERA_FILES_ALLOW</c>
/// (paths separated by ':'); with none listed, file access is refused. Paths are compared after resolving
/// <c>..</c> and symbolic links, so a link inside an allowed folder cannot reach outside it.
/// </summary>
public sealed class FileAccessPolicy
{
    /// <summary>The environment variable holding the allowed directories.</summary>
    public const string EnvironmentVariable = "TESSERA_FILES_ALLOW";

    private readonly IReadOnlyList<string> _roots;

    /// <summary>Creates a policy allowing <paramref name="allowedDirectories"/> and everything below them.</summary>
    public FileAccessPolicy(IEnumerable<string> allowedDirectories)
    {
        ArgumentNullException.ThrowIfNull(allowedDirectories);
        _roots = [.. allowedDirectories.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => WithSeparator(RealPath(d.Trim())))];
    }

    /// <summary>The policy from <c>TESSERA_FILES_ALLOW</c>.</summary>
    public static FileAccessPolicy FromEnvironment() =>
        new((Environment.GetEnvironmentVariable(EnvironmentVariable) ?? string.Empty).Split(Path.PathSeparator, ':'));

    /// <summary>The allowed directories, resolved.</summary>
    public IReadOnlyList<string> AllowedDirectories => _roots;

    /// <summary>The resolved path of <paramref name="path"/> when it is inside an allowed directory; throws otherwise.</summary>
    public string Check(string path, int? itemIndex = null)
    {
        if (_roots.Count == 0)
        {
            throw new NodeOperationException($"Access to '{path}' is not allowed: no directories are allowed for file nodes", itemIndex,
                $"Ask the administrator to list the allowed directories in {EnvironmentVariable} (separated by ':').");
        }

        var real = RealPath(path);
        if (!_roots.Any(root => WithSeparator(real).StartsWith(root, StringComparison.Ordinal)))
        {
            throw new NodeOperationException($"Access to '{path}' is not allowed", itemIndex,
                $"Only files inside {string.Join(", ", _roots.Select(r => r.TrimEnd(Path.DirectorySeparatorChar)))} may be used; the administrator sets these in {EnvironmentVariable}.");
        }

        return real;
    }

    /// <summary>True when <paramref name="path"/> is inside an allowed directory.</summary>
    public bool IsAllowed(string path)
    {
        var real = WithSeparator(RealPath(path));
        return _roots.Any(root => real.StartsWith(root, StringComparison.Ordinal));
    }

    private static string WithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;

    /// <summary>The absolute path with <c>..</c> removed and every existing symbolic link along it followed.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        var hops = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is { } target)
            {
                if (++hops > 40)
                {
                    throw new NodeOperationException($"Too many symbolic links while resolving '{path}'");
                }

                var resolved = Path.GetFullPath(target, current);
                var rest = string.Join(Path.DirectorySeparatorChar, parts.Skip(i + 1));
                return RealPath(rest.Length > 0 ? Path.Combine(resolved, rest) : resolved);
            }

            current = next;
        }

        return current;
    }
}
