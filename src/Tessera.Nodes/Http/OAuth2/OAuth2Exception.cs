namespace Tessera.Nodes.Http.OAuth2;

/// <summary>
/// A token request failed: the token endpoint answered with an OAuth2 error (RFC 6749 §5.2), something that is not a
/// token, or could not be reached. The message never holds the client secret, codes or tokens.
/// </summary>
public sealed class OAuth2Exception : Exception
{
    /// <summary>Creates the exception.</summary>
    public OAuth2Exception(string message, string? error = null, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    /// <summary>The provider's <c>error</c> code (<c>invalid_client</c>, <c>invalid_grant</c>…), when it sent one.</summary>
    public string? Error { get; }
}
