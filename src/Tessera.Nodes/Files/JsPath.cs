using Tessera.Engine.Data;

namespace Tessera.Nodes.Files;

/// <summary>Writes a value at a dotted path (<c>a.b.c</c>), creating objects on the way, as lodash <c>set</c> does for n8n.</summary>
internal static class JsPath
{
    public static void Set(JsObject target, string path, JsValue value)
    {
        var parts = path.Split('.');
        var current = target;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (current[parts[i]].TryGetObject() is not { } next)
            {
                next = new JsObject();
                current[parts[i]] = next;
            }

            current = next;
        }

        current[parts[^1]] = value;
    }
}
