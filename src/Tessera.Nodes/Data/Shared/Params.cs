using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Data.Shared;

/// <summary>Short builders for the parameter descriptions of the data nodes.</summary>
internal static class Params
{
    public static NodeParameter Str(string name, string @default = "", string? display = null, IReadOnlyList<double>? versions = null) =>
        new() { Name = name, DisplayName = display ?? name, Type = ParameterType.String, Default = @default, Versions = versions };

    public static NodeParameter Num(string name, double @default, string? display = null, IReadOnlyList<double>? versions = null) =>
        new() { Name = name, DisplayName = display ?? name, Type = ParameterType.Number, Default = @default, Versions = versions };

    public static NodeParameter Bool(string name, bool @default, string? display = null, IReadOnlyList<double>? versions = null) =>
        new() { Name = name, DisplayName = display ?? name, Type = ParameterType.Boolean, Default = @default, Versions = versions };

    /// <summary>A field list: "a, b" text, an array of names, or (older versions) <c>{ fields: [{ fieldName }] }</c>.</summary>
    public static NodeParameter List(string name, string? display = null, IReadOnlyList<double>? versions = null) =>
        new() { Name = name, DisplayName = display ?? name, Type = ParameterType.Any, Default = string.Empty, Versions = versions };

    public static NodeParameter Json(string name, string @default, string? display = null, IReadOnlyList<double>? versions = null) =>
        new() { Name = name, DisplayName = display ?? name, Type = ParameterType.Json, Default = @default, Versions = versions };

    public static NodeParameter Options(string name, string @default, IReadOnlyList<double>? versions, params string[] values) =>
        new()
        {
            Name = name,
            DisplayName = name,
            Type = ParameterType.Options,
            Default = @default,
            Versions = versions,
            Options = [.. values.Select(v => new ParameterOption(v, v))],
        };

    public static NodeParameter Collection(string name, IReadOnlyList<double>? versions, params NodeParameter[] children) =>
        new() { Name = name, DisplayName = name, Type = ParameterType.Collection, Default = new JsObject(), Versions = versions, Children = children };

    public static NodeParameter Fixed(string name, IReadOnlyList<double>? versions, params NodeParameter[] children) =>
        new()
        {
            Name = name,
            DisplayName = name,
            Type = ParameterType.FixedCollection,
            Default = new JsObject(),
            Versions = versions,
            Children = children,
            MultipleValues = true,
        };

    public static NodeParameter Any(string name, ParameterType type, JsValue @default, IReadOnlyList<double>? versions = null) =>
        new() { Name = name, DisplayName = name, Type = type, Default = @default, Versions = versions };
}
