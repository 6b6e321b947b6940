using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>Marks a test class whose server runs on PostgreSQL (its tests skip without <c>TESSERA_TEST_POSTGRES</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>
/// A fact of an API suite that runs once per storage backend: the suite is an abstract class inherited by one class per
/// backend, and this attribute skips the test (saying how to start a server) when the concrete class is marked
/// <see cref="RequiresPostgresAttribute"/> and no PostgreSQL server is configured.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Tessera.Server.Tests.Infrastructure.BackendFactDiscoverer", "Tessera.Server.Tests")]
public sealed class BackendFactAttribute : FactAttribute;

/// <summary>The theory counterpart of <see cref="BackendFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Tessera.Server.Tests.Infrastructure.BackendTheoryDiscoverer", "Tessera.Server.Tests")]
public sealed class BackendTheoryAttribute : TheoryAttribute;

/// <summary>Discovers <see cref="BackendFactAttribute"/> tests.</summary>
public sealed class BackendFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new BackendTestCase(sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>
/// Discovers <see cref="BackendTheoryAttribute"/> tests: one skipped case when the backend is missing (the data rows
/// would only repeat the same skip), otherwise xunit's usual one case per row.
/// </summary>
public sealed class BackendTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        BackendTestCase.MissingBackend(testMethod.TestClass) is not null
            ? [new BackendTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

/// <summary>A test case that takes its skip reason from the concrete test class.</summary>
public sealed class BackendTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public BackendTestCase()
    {
    }

    public BackendTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    /// <summary>Why the class cannot run here, or null when its backend is available.</summary>
    public static string? MissingBackend(ITestClass testClass) =>
        testClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() && PostgresTestUsers.ConnectionString is null
            ? PostgresTestUsers.SkipReason
            : null;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => MissingBackend(TestMethod.TestClass) ?? base.GetSkipReason(factAttribute);
}
