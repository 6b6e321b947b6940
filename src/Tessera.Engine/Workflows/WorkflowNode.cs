using Tessera.Engine.Data;

namespace Tessera.Engine.Workflows;

/// <summary>What a node does when it fails (n8n's <c>onError</c> setting).</summary>
public enum OnErrorMode
{
    /// <summary>The execution fails (n8n's default).</summary>
    StopWorkflow,
    /// <summary>The error becomes an item <c>{ error }</c> on the regular output.</summary>
    ContinueRegularOutput,
    /// <summary>Failed items go to the node's extra error output.</summary>
    ContinueErrorOutput,
}

/// <summary>
/// One node of a workflow, as n8n exports it. Optional settings are nullable so that a load/save round trip
/// writes back exactly the fields that were present; <see cref="Extra"/> keeps fields Tessera does not know.
/// </summary>
public sealed class WorkflowNode
{
    /// <summary>The node id (a UUID in n8n exports).</summary>
    public string? Id { get; set; }

    /// <summary>The node name, unique within the workflow; connections and <c>$('Name')</c> refer to it.</summary>
    public required string Name { get; set; }

    /// <summary>The node type, e.g. <c>n8n-nodes-base.set</c>.</summary>
    public required string Type { get; set; }

    /// <summary>The version of the node type.</summary>
    public double TypeVersion { get; set; } = 1;

    /// <summary>Canvas position [x, y].</summary>
    public double[] Position { get; set; } = [0, 0];

    /// <summary>The node's parameters as n8n stores them (strings starting with <c>=</c> are expressions).</summary>
    public JsObject Parameters { get; set; } = new();

    /// <summary>Credential references by credential type: <c>{ "httpBasicAuth": { "id": "…", "name": "…" } }</c>.</summary>
    public JsObject? Credentials { get; set; }

    /// <summary>Disabled nodes pass their first input through unchanged.</summary>
    public bool? Disabled { get; set; }

    /// <summary>Free text shown on the canvas.</summary>
    public string? Notes { get; set; }

    /// <summary>Whether notes show in the flow.</summary>
    public bool? NotesInFlow { get; set; }

    /// <summary>Retry the node when it fails.</summary>
    public bool? RetryOnFail { get; set; }

    /// <summary>Attempts when <see cref="RetryOnFail"/> (n8n's default 3, between 2 and 5).</summary>
    public int? MaxTries { get; set; }

    /// <summary>Milliseconds between attempts (n8n's default 1000, at most 5000).</summary>
    public int? WaitBetweenTries { get; set; }

    /// <summary>Emit one empty item when the node would output nothing.</summary>
    public bool? AlwaysOutputData { get; set; }

    /// <summary>Run the node for the first input item only.</summary>
    public bool? ExecuteOnce { get; set; }

    /// <summary>n8n's <c>onError</c> as written (<c>stopWorkflow</c>, <c>continueRegularOutput</c>, <c>continueErrorOutput</c>).</summary>
    public string? OnError { get; set; }

    /// <summary>Legacy equivalent of <c>onError: continueRegularOutput</c>.</summary>
    public bool? ContinueOnFail { get; set; }

    /// <summary>The webhook id of trigger nodes.</summary>
    public string? WebhookId { get; set; }

    /// <summary>Fields Tessera does not interpret, kept for round trips.</summary>
    public JsObject Extra { get; set; } = new();

    /// <summary>True when the node is disabled.</summary>
    public bool IsDisabled => Disabled == true;

    /// <summary>The effective error mode, with the legacy <c>continueOnFail</c> folded in.</summary>
    public OnErrorMode ErrorMode => OnError switch
    {
        "continueRegularOutput" => OnErrorMode.ContinueRegularOutput,
        "continueErrorOutput" => OnErrorMode.ContinueErrorOutput,
        "stopWorkflow" => OnErrorMode.StopWorkflow,
        _ => ContinueOnFail == true ? OnErrorMode.ContinueRegularOutput : OnErrorMode.StopWorkflow,
    };

    /// <summary>Attempts the engine makes: 1 unless <see cref="RetryOnFail"/>, then <see cref="MaxTries"/> clamped to 2..5.</summary>
    public int EffectiveMaxTries => RetryOnFail == true ? Math.Clamp(MaxTries ?? 3, 2, 5) : 1;

    /// <summary>Delay between attempts, clamped to 0..5000 ms as n8n does.</summary>
    public TimeSpan EffectiveWaitBetweenTries => TimeSpan.FromMilliseconds(Math.Clamp(WaitBetweenTries ?? 1000, 0, 5000));
}
