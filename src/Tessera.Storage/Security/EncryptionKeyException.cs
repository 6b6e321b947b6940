namespace Tessera.Storage.Security;

/// <summary>
/// The encryption key is missing, unreadable, unsafe (a key file others can read) or wrong for the stored data.
/// Tessera refuses to start with it; the message says what to fix.
/// </summary>
public sealed class EncryptionKeyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EncryptionKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public EncryptionKeyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
