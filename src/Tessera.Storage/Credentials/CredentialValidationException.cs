namespace Tessera.Storage.Credentials;

/// <summary>One problem with a credential's input: <paramref name="Path"/> is <c>type</c>, <c>name</c> or <c>data.&lt;field&gt;</c>.</summary>
public sealed record CredentialProblem(string Path, string Message);

/// <summary>A credential's type, name or data is invalid; <see cref="Problems"/> lists every problem at once.</summary>
public sealed class CredentialValidationException(IReadOnlyList<CredentialProblem> problems)
    : Exception("The credential is invalid: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<CredentialProblem> Problems { get; } = problems;
}
