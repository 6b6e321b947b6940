using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Server.Auth;

/// <summary>
/// PBKDF2-SHA256 password hashes, stored as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64) so the iteration
/// count can rise later without breaking stored hashes.
/// </summary>
public static class PasswordHasher
{
    /// <summary>The iteration count for new hashes (OWASP's 2023 guidance for PBKDF2-SHA256 is 600k; 100k+ keeps sign-in fast on small machines).</summary>
    public const int Iterations = 120_000;

    /// <summary>The shortest password accepted.</summary>
    public const int MinimumLength = 8;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes a password with a fresh random salt.</summary>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when the password matches the stored hash; false for a wrong password or a hash it cannot read.</summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = stored?.Split('$') ?? [];
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A hash of a random password, verified against when the email is unknown so timing does not reveal which emails exist.</summary>
    internal static string DecoyHash { get; } = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
}
