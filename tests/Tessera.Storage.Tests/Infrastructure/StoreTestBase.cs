namespace Tessera.Storage.Tests.Infrastructure;

/// <summary>Opens a fresh migrated database of the target's backend for each test and disposes it after.</summary>
public abstract class StoreTestBase(Func<StorageTarget> createTarget) : IAsyncLifetime
{
    private StorageTarget? _target;
    private TesseraStorage? _storage;

    internal FakeTimeProvider Time { get; } = new();

    protected StorageTarget Target => _target ?? throw new InvalidOperationException("Not initialised.");

    protected TesseraStorage Storage => _storage ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Creates another fresh, empty database of the same backend (the caller disposes it).</summary>
    protected StorageTarget NewTarget() => createTarget();

    protected static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _target = createTarget();
        _storage = await TesseraStorage.OpenAsync(Target.Options(Time));
    }

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    /// <summary>Opens another storage over the same database (another "process").</summary>
    protected Task<TesseraStorage> OpenAgainAsync() => TesseraStorage.OpenAsync(Target.Options(Time));
}
