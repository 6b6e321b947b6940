using Tessera.Server.Auth;

namespace Tessera.Server.Tests.Auth;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_ThenVerify_AcceptsOnlyTheSamePassword()
    {
        var hash = PasswordHasher.Hash("secret password");

        Assert.True(PasswordHasher.Verify("secret password", hash));
        Assert.False(PasswordHasher.Verify("secret Password", hash));
        Assert.DoesNotContain("secret", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_SamePasswordTwice_DifferentSaltsAndAtLeast100kIterations()
    {
        var a = PasswordHasher.Hash("x");
        var b = PasswordHasher.Hash("x");

        Assert.NotEqual(a, b);
        var parts = a.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= 100_000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$x$AA==$AA==")]
    [InlineData("pbkdf2-sha256$1000$not base64$AA==")]
    [InlineData("md5$1000$AA==$AA==")]
    public void Verify_UnreadableHash_ReturnsFalse(string stored)
    {
        Assert.False(PasswordHasher.Verify("x", stored));
    }
}
