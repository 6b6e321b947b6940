namespace Tessera.Nodes.Tests.Files;

/// <summary>A fact that needs the conformance files in ../shared; skipped with a message when they are absent.</summary>
internal sealed class SharedFilesFactAttribute : FactAttribute
{
    public SharedFilesFactAttribute()
    {
        if (NodeHarness.SharedFolder() is null)
        {
            Skip = "../shared (conformance files) is not present next to the repository";
        }
    }

    public static string FilesFolder => Path.Combine(NodeHarness.SharedFolder()!, "conformance", "n8n", "_files");
}
