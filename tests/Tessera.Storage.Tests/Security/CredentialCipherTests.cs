using System.Security.Cryptography;
using System.Text;
using Tessera.Storage.Security;

namespace Tessera.Storage.Tests.Security;

public sealed class CredentialCipherTests
{
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes("""{"password":"hunter2"}""");

    [Fact]
    public void Seal_ThenOpen_RoundTripsAndNamesTheKey()
    {
        var cipher = new CredentialCipher(new EncryptionKeyRing(EncryptionKey.Generate("t")));

        var blob = cipher.Seal(Plain, "c1");

        Assert.Equal(1, blob[0]);
        Assert.Equal(cipher.Keys.Current.Id, CredentialCipher.KeyIdOf(blob));
        Assert.Equal(Plain, cipher.Open(blob, "c1"));
        Assert.Equal(2 + 16 + 12 + 16 + Plain.Length, blob.Length);
    }

    [Fact]
    public void Seal_Twice_UsesFreshNonces()
    {
        var cipher = new CredentialCipher(new EncryptionKeyRing(EncryptionKey.Generate("t")));

        var nonces = Enumerable.Range(0, 50).Select(_ => Convert.ToHexString(cipher.Seal(Plain, "c1").AsSpan(18, 12))).ToHashSet();

        Assert.Equal(50, nonces.Count);
    }

    [Fact]
    public void Open_FlippedCiphertextBit_ThrowsIntegrityError()
    {
        var cipher = new CredentialCipher(new EncryptionKeyRing(EncryptionKey.Generate("t")));
        var blob = cipher.Seal(Plain, "c1");
        blob[^1] ^= 1;

        var ex = Assert.Throws<EncryptionKeyException>(() => cipher.Open(blob, "c1"));

        Assert.Contains("integrity", ex.Message);
        Assert.IsType<AuthenticationTagMismatchException>(ex.InnerException);
    }

    [Fact]
    public void Open_KeyNotInRing_ThrowsWrongKeyNamingBothIds()
    {
        var sealer = new CredentialCipher(new EncryptionKeyRing(EncryptionKey.Generate("old")));
        var other = new CredentialCipher(new EncryptionKeyRing(EncryptionKey.Generate("new")));
        var blob = sealer.Seal(Plain, "c1");

        var ex = Assert.Throws<EncryptionKeyException>(() => other.Open(blob, "c1"));

        Assert.Contains(sealer.Keys.Current.Id, ex.Message);
        Assert.Contains(other.Keys.Current.Id, ex.Message);
        Assert.Contains("wrong", ex.Message);
    }

    [Fact]
    public void Open_PreviousKeyInRing_StillOpens()
    {
        var old = EncryptionKey.Generate("old");
        var blob = new CredentialCipher(new EncryptionKeyRing(old)).Seal(Plain, "c1");
        var ring = new EncryptionKeyRing(EncryptionKey.Generate("new"), [old]);

        Assert.Equal(Plain, new CredentialCipher(ring).Open(blob, "c1"));
    }

    [Fact]
    public void KeyIdOf_UnknownFormat_Throws()
    {
        Assert.Throws<EncryptionKeyException>(() => CredentialCipher.KeyIdOf(new byte[] { 9, 0, 1, 2 }));
    }
}
