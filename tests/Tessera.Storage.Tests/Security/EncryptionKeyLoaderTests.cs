using System.Security.Cryptography;
using Tessera.Storage.Security;

namespace Tessera.Storage.Tests.Security;

public sealed class EncryptionKeyLoaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-key-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Load_NoKeyAnywhere_CreatesOwnerOnlyKeyFile()
    {
        var first = EncryptionKeyLoader.Load(_dir, Env());
        var second = EncryptionKeyLoader.Load(_dir, Env());

        var path = Path.Combine(_dir, "encryption.key");
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(path, first.KeyFilePath);
        Assert.Equal(first.Keys.Current.Id, second.Keys.Current.Id);
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Load_WorldReadableKeyFile_RefusesWithChmodAdvice()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        EncryptionKeyLoader.Load(_dir, Env());
        var path = Path.Combine(_dir, "encryption.key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ex = Assert.Throws<EncryptionKeyException>(() => EncryptionKeyLoader.Load(_dir, Env()));

        Assert.Contains(path, ex.Message);
        Assert.Contains("0644", ex.Message);
        Assert.Contains($"chmod 600 {path}", ex.Message);
    }

    [Fact]
    public void Load_EnvironmentBase64Key_UsesItAndWritesNoFile()
    {
        var raw = RandomNumberGenerator.GetBytes(32);

        var source = EncryptionKeyLoader.Load(_dir, Env(("TESSERA_ENCRYPTION_KEY", Convert.ToBase64String(raw))));

        Assert.Null(source.KeyFilePath);
        Assert.Equal(raw, source.Keys.Current.Material.ToArray());
        Assert.Equal("TESSERA_ENCRYPTION_KEY", source.Keys.Current.Source);
        Assert.False(File.Exists(Path.Combine(_dir, "encryption.key")));
    }

    [Fact]
    public void Load_EnvironmentPassphrase_DerivesAStableKey()
    {
        var a = EncryptionKeyLoader.Load(_dir, Env(("TESSERA_ENCRYPTION_KEY", "correct horse battery staple")));
        var b = EncryptionKeyLoader.Load(_dir, Env(("TESSERA_ENCRYPTION_KEY", "correct horse battery staple")));
        var c = EncryptionKeyLoader.Load(_dir, Env(("TESSERA_ENCRYPTION_KEY", "correct horse battery stapler")));

        Assert.Equal(a.Keys.Current.Material.ToArray(), b.Keys.Current.Material.ToArray());
        Assert.Equal(32, a.Keys.Current.Material.Length);
        Assert.NotEqual(a.Keys.Current.Id, c.Keys.Current.Id);
    }

    [Fact]
    public void Load_PreviousKeyVariable_JoinsTheRing()
    {
        var source = EncryptionKeyLoader.Load(_dir, Env(("TESSERA_ENCRYPTION_KEY", "new one"), ("TESSERA_ENCRYPTION_KEY_PREVIOUS", "old one")));

        Assert.Equal(2, source.Keys.KeyIds.Count);
        Assert.True(source.Keys.TryGet(EncryptionKey.FromText("old one", "x").Id, out _));
    }

    [Fact]
    public void FromText_Empty_Throws()
    {
        Assert.Throws<EncryptionKeyException>(() => EncryptionKey.FromText("  ", "TESSERA_ENCRYPTION_KEY"));
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var raw = RandomNumberGenerator.GetBytes(32);
        var key = EncryptionKey.FromText(Convert.ToBase64String(raw), "env");

        Assert.DoesNotContain(Convert.ToBase64String(raw), key.ToString(), StringComparison.Ordinal);
        Assert.Equal(16, key.Id.Length);
    }
}
