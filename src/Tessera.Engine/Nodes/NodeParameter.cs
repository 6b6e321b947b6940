using Tessera.Engine.Data;

namespace Tessera.Engine.Nodes;

/// <summary>The kind of value a parameter holds (mirrors n8n's parameter types, which the UI renders).</summary>
public enum ParameterType
{
    /// <summary>Text.</summary>
    String,
    /// <summary>A number.</summary>
    Number,
    /// <summary>true/false.</summary>
    Boolean,
    /// <summary>One value out of <see cref="NodeParameter.Options"/>.</summary>
    Options,
    /// <summary>Several values out of <see cref="NodeParameter.Options"/>.</summary>
    MultiOptions,
    /// <summary>An object of optional child parameters.</summary>
    Collection,
    /// <summary>Named groups of child parameters, each possibly repeated.</summary>
    FixedCollection,
    /// <summary>JSON text or a JSON value.</summary>
    Json,
    /// <summary>Source code (Code node).</summary>
    Code,
    /// <summary>A date-time string.</summary>
    DateTime,
    /// <summary>n8n's filter/conditions structure (If v2, Filter v2, Switch v3).</summary>
    Filter,
    /// <summary>n8n's assignment list (Set v3.3+).</summary>
    AssignmentCollection,
    /// <summary>A resource picker value (<c>{ __rl: true, mode, value }</c>).</summary>
    ResourceLocator,
    /// <summary>Display-only text.</summary>
    Notice,
    /// <summary>Anything; not validated.</summary>
    Any,
}

/// <summary>One choice of an options parameter.</summary>
/// <param name="Name">The label.</param>
/// <param name="Value">The stored value.</param>
/// <param name="Description">Help text.</param>
public sealed record ParameterOption(string Name, JsValue Value, string? Description = null);

/// <summary>Describes one parameter of a node type.</summary>
public sealed record NodeParameter
{
    /// <summary>The key in the node's <c>parameters</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The label.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The value kind.</summary>
    public required ParameterType Type { get; init; }

    /// <summary>The value used when the workflow does not set it.</summary>
    public JsValue Default { get; init; }

    /// <summary>Help text.</summary>
    public string? Description { get; init; }

    /// <summary>Choices for options parameters; children for collection parameters.</summary>
    public IReadOnlyList<ParameterOption>? Options { get; init; }

    /// <summary>Child parameters of a collection or fixed collection.</summary>
    public IReadOnlyList<NodeParameter>? Children { get; init; }

    /// <summary>When set, the parameter exists only in these node versions.</summary>
    public IReadOnlyList<double>? Versions { get; init; }

    /// <summary>Shown only when other parameters have one of the listed values (n8n's <c>displayOptions.show</c>).</summary>
    public IReadOnlyDictionary<string, JsValue[]>? ShowWhen { get; init; }

    /// <summary>True when the workflow must set it.</summary>
    public bool Required { get; init; }

    /// <summary>For collections: whether several values are allowed.</summary>
    public bool MultipleValues { get; init; }

    /// <summary>Applies to <paramref name="version"/>.</summary>
    public bool AppliesTo(double version) => Versions is null || Versions.Contains(version);
}
