namespace Tessera.Server.Triggers;

/// <summary>A workflow's triggers cannot be activated (a bad path, a clashing webhook, a bad schedule); the API answers 400 with <see cref="Problems"/>.</summary>
public sealed class TriggerActivationException(IReadOnlyList<string> problems)
    : Exception("The workflow's triggers cannot be activated: " + string.Join(" ", problems))
{
    /// <summary>Every problem found, each saying which node and how to fix it.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
