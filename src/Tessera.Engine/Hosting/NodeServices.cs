namespace Tessera.Engine.Hosting;

/// <summary>
/// A minimal service container for nodes (credentials, HTTP pool, JavaScript runner, sub-workflow executor).
/// The server uses ASP.NET Core's container instead; the CLI and tests use this one.
/// </summary>
public sealed class NodeServices : IServiceProvider
{
    private readonly Dictionary<Type, Func<object>> _factories = [];
    private readonly Dictionary<Type, object> _instances = [];
    private readonly Lock _gate = new();

    /// <summary>Registers a ready instance.</summary>
    public NodeServices Add<T>(T instance) where T : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_gate)
        {
            _instances[typeof(T)] = instance;
        }

        return this;
    }

    /// <summary>Registers a singleton created on first use.</summary>
    public NodeServices AddLazy<T>(Func<T> factory) where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            _factories[typeof(T)] = factory;
        }

        return this;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType)
    {
        lock (_gate)
        {
            if (_instances.TryGetValue(serviceType, out var instance))
            {
                return instance;
            }

            if (_factories.Remove(serviceType, out var factory))
            {
                instance = factory();
                _instances[serviceType] = instance;
                return instance;
            }

            return serviceType == typeof(IServiceProvider) ? this : null;
        }
    }
}
