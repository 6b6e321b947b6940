using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tessera.Storage.Tests.Infrastructure;

/// <summary>Marks a test class whose tests need the PostgreSQL test server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>
/// A fact of a compliance suite. The suite is inherited by one class per backend; this attribute skips the test
/// (with a message saying how to start a server) when the concrete class is marked <see cref="RequiresPostgresAttribute"/>
/// and <c>TESSERA_TEST_POSTGRES</c> is not set.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Tessera.Storage.Tests.Infrastructure.StoreFactDiscoverer", "Tessera.Storage.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>A fact that only makes sense on PostgreSQL; skipped with a message when no server is configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresEnvironment.ConnectionString is null)
        {
            Skip = PostgresEnvironment.SkipReason;
        }
    }
}

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>A test case that decides its skip reason from the concrete test class.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var needsPostgres = TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        return needsPostgres && PostgresEnvironment.ConnectionString is null
            ? PostgresEnvironment.SkipReason
            : base.GetSkipReason(factAttribute);
    }
}
