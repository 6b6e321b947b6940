namespace Tessera.Storage.Security;

/// <summary>
/// The key that seals new credentials plus older keys that may still open existing ones (during a rotation).
/// Blobs name their key by id, so the ring picks the right key for each.
/// </summary>
public sealed class EncryptionKeyRing
{
    private readonly Dictionary<string, EncryptionKey> _byId = new(StringComparer.Ordinal);

    /// <summary>Creates a ring; <paramref name="current"/> seals, every key opens.</summary>
    public EncryptionKeyRing(EncryptionKey current, IEnumerable<EncryptionKey>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        Current = current;
        _byId[current.Id] = current;
        foreach (var key in previous ?? [])
        {
            _byId.TryAdd(key.Id, key);
        }
    }

    /// <summary>The key that seals new data.</summary>
    public EncryptionKey Current { get; }

    /// <summary>Every key id the ring can open.</summary>
    public IReadOnlyCollection<string> KeyIds => _byId.Keys;

    /// <summary>Finds a key by id.</summary>
    public bool TryGet(string id, out EncryptionKey key) => _byId.TryGetValue(id, out key!);

    /// <summary>A short description of the keys for messages (ids and sources, never key material).</summary>
    public string Describe() => string.Join(", ", _byId.Values.Select(k => $"{k.Id} ({k.Source})"));
}
